"""Who may see and do what. Every view goes through here.

Another centre's objects answer 404, not 403: a member must not learn that they exist. Inside their own
centre, an action the member's role does not allow (an editor submitting, say) is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from assessment.models import Assessment, Membership


def membership_of(user) -> Membership:
    """The user's centre membership; 404 for anyone who belongs to no centre."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("centre").get(user=user)
    except Membership.DoesNotExist:
        raise Http404 from None


def require_lead(membership: Membership) -> None:
    if membership.role != Membership.Role.LEAD:
        raise PermissionDenied(_("只有中心负责人可以执行此操作。"))


def assessment_for(user, pk: int) -> tuple[Assessment, Membership]:
    """The assessment ``pk`` if it belongs to the user's centre (with its framework and centre); else 404."""
    membership = membership_of(user)
    try:
        assessment = Assessment.objects.select_related("framework", "centre").get(pk=pk, centre_id=membership.centre_id)
    except (Assessment.DoesNotExist, ValueError):
        raise Http404 from None
    return assessment, membership


def member_for(user, membership_id: int) -> tuple[Membership, Membership]:
    """``(target, own)``: the membership ``membership_id`` if it is in the user's own centre; else 404."""
    own = membership_of(user)
    try:
        target = Membership.objects.select_related("user").get(pk=membership_id, centre_id=own.centre_id)
    except Membership.DoesNotExist:
        raise Http404 from None
    return target, own
