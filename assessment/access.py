"""Who may see and do what. Every view goes through here.

- A centre's members see and edit their own centre's assessments; the centre lead submits.
- An administrator reads the centres of their scope (one province, or the nation) and onboards new centres
  there; they never write a centre's assessment.
- Who may see what is one rule, in the models: ``Centre.objects`` / ``Assessment.objects`` ``.visible_to(user)``
  (read) and ``.editable_by(user)`` (write), and ``AdminScope.covers(centre)``. The helpers here fetch through it.
- Anything else answers 404, not 403: nobody learns that another centre's object exists. Inside their own
  centre, an action the member's role does not allow (an editor submitting, say) is a 403.
- The 领导查看 role (county leadership) reads everything of its centre and changes nothing: every write
  answers it 403 with one message (``require_writer``), through ``assessment_for(write=True)``,
  ``require_lead`` and ``writer_of``; pages ask ``can_write`` whether to show their write controls.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from assessment.models import AdminScope, Assessment, Centre, Membership


def membership_of(user) -> Membership:
    """The user's centre membership; 404 for anyone who belongs to no centre."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Membership.objects.select_related("centre").get(user=user)
    except Membership.DoesNotExist:
        raise Http404 from None


def scope_of(user) -> AdminScope:
    """The user's administrator scope; 404 for anyone who is not an administrator."""
    if not user.is_authenticated:
        raise Http404
    try:
        return AdminScope.objects.get(user=user)
    except AdminScope.DoesNotExist:
        raise Http404 from None


def can_write(membership: Membership | None) -> bool:
    """Whether the member may change their centre's things: its lead and editors. Not the 领导查看 role, nor
    an administrator (who has no membership). The same roles as ``editable_filter`` in the models."""
    return membership is not None and membership.role in Membership.WRITERS


def require_writer(membership: Membership) -> None:
    """403 for a member of the centre whose role writes nothing (领导查看)."""
    if not can_write(membership):
        raise PermissionDenied(_("“领导查看”角色只能查看本中心的自评、评分结果、报告和行动计划，不能修改任何内容。"))


def writer_of(user) -> Membership:
    """The user's membership, for a write to their own centre: 404 for anyone who belongs to no centre,
    403 for the 领导查看 role."""
    membership = membership_of(user)
    require_writer(membership)
    return membership


def require_lead(membership: Membership) -> None:
    require_writer(membership)
    if membership.role != Membership.Role.LEAD:
        raise PermissionDenied(_("只有中心负责人可以执行此操作。"))


def lead_centre_of(user) -> Centre:
    """The user's own centre, for a page of it only its lead may use: 404 for anyone who belongs to no
    centre (administrators included), 403 for an editor of the centre."""
    membership = membership_of(user)
    require_lead(membership)
    return membership.centre


def assessment_for(user, pk: int, *, write: bool = False) -> tuple[Assessment, Membership | None]:
    """The assessment ``pk`` with its framework and centre, and the user's membership of that centre.

    Members of the centre read, and its lead and editors write; an administrator whose scope holds the
    centre may read (membership None). A write asked by the centre's 领导查看 is a 403; by an administrator,
    or anyone else, a 404.
    """
    assessment = _get_or_404(Assessment.objects.visible_to(user).select_related("framework", "centre"), pk=pk)
    membership = Membership.objects.filter(user=user, centre_id=assessment.centre_id).first()
    if write:
        if membership is None:  # an administrator in scope: administrators never write a centre's assessment
            raise Http404
        require_writer(membership)
    return assessment, membership


def member_for(user, membership_id: int) -> tuple[Membership, Membership]:
    """``(target, own)``: the membership ``membership_id`` if it is in the user's own centre; else 404."""
    own = membership_of(user)
    try:
        target = Membership.objects.select_related("user").get(pk=membership_id, centre_id=own.centre_id)
    except Membership.DoesNotExist:
        raise Http404 from None
    return target, own


def centre_for_audit(user, centre_id: int) -> Centre:
    """The centre whose audit log the user asks for: its lead, or an administrator whose scope holds it.
    An editor of the centre gets 403; anyone else 404."""
    centre = _get_or_404(Centre.objects.visible_to(user), pk=centre_id)
    membership = Membership.objects.filter(user=user, centre=centre).first()
    if membership is not None:
        require_lead(membership)
    return centre


def assessment_for_administrator(user, pk: int) -> Assessment:
    """The assessment ``pk`` for an administrator whose scope holds its centre; 404 for anyone else."""
    scope = scope_of(user)
    return _get_or_404(Assessment.objects.in_scope(scope).select_related("centre"), pk=pk)


def _get_or_404(queryset, **lookups):
    """``get_object_or_404``, also for a lookup value the column cannot hold (a 404, not a 500)."""
    try:
        return get_object_or_404(queryset, **lookups)
    except ValueError:
        raise Http404 from None
