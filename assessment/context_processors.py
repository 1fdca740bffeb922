from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from assessment.models import AdminScope, Membership, Notification


def navigation(request):
    """What the navigation bar offers the user: centre pages for members, cohort pages for administrators,
    and the bell's count of unread notifications. One query, made only when a template asks."""

    def roles():
        user = request.user
        if not user.is_authenticated:
            return {"member": False, "admin": False, "unread": 0}
        unread = Notification.objects.filter(user=OuterRef("pk"), read_at=None).order_by()
        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                member=Exists(Membership.objects.filter(user=OuterRef("pk"))),
                admin=Exists(AdminScope.objects.filter(user=OuterRef("pk"))),
                unread=Coalesce(Subquery(unread.values("user").annotate(n=Count("pk")).values("n")), 0),
            )
            .values("member", "admin", "unread")
            .first()
        )
        return row or {"member": False, "admin": False, "unread": 0}

    return {"nav": SimpleLazyObject(roles)}
