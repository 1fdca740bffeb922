from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.functional import SimpleLazyObject

from assessment.models import AdminScope, Membership


def navigation(request):
    """What the navigation bar offers the user: centre pages for members, cohort pages for administrators.
    One query, made only when a template asks."""

    def roles():
        user = request.user
        if not user.is_authenticated:
            return {"member": False, "admin": False}
        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(
                member=Exists(Membership.objects.filter(user=OuterRef("pk"))),
                admin=Exists(AdminScope.objects.filter(user=OuterRef("pk"))),
            )
            .values("member", "admin")
            .first()
        )
        return row or {"member": False, "admin": False}

    return {"nav": SimpleLazyObject(roles)}
