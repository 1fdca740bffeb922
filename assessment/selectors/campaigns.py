"""Campaigns as administrators and centres read them: which campaign a centre answers to, where each centre
of a campaign stands (not started … reviewed), the counts by province and prefecture, and the overdue
centres with their leads' contacts.

A centre answers to its own province's campaign for the cycle when there is one, else to the national one:
a national campaign's pages, counts and reminders leave out the provinces that run their own."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, F, FilteredRelation, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from assessment.models import AdminScope, Assessment, Campaign, Centre, Membership


class Stage:
    """Where a centre of a campaign stands, from its assessment of the campaign's cycle."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    RETURNED = "returned"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"

    LABELS = {
        NOT_STARTED: _("未开始"),
        IN_PROGRESS: _("填报中"),
        RETURNED: _("已退回"),
        SUBMITTED: _("已提交"),
        REVIEWED: _("已核实"),
    }
    # Not (or no longer) submitted: reminded, and overdue once the deadline has passed.
    OPEN = (NOT_STARTED, IN_PROGRESS, RETURNED)


def campaigns_visible(*, scope: AdminScope) -> QuerySet:
    """The campaigns an administrator reads and edits: every one for the nation's scope, a province's own
    for a provincial administrator (another province's, and the national one, are not theirs)."""
    campaigns = Campaign.objects.select_related("framework")
    return campaigns if scope.is_national else campaigns.filter(province=scope.province)


def campaign_centres(*, campaign: Campaign) -> QuerySet:
    """The centres that answer to ``campaign``: its province's, or for a national campaign every centre
    outside the provinces that run their own campaign for the cycle."""
    if campaign.province:
        return Centre.objects.filter(province=campaign.province)
    own = Campaign.objects.filter(cycle=campaign.cycle).exclude(province="").values("province")
    return Centre.objects.exclude(province__in=own)


def provinces_with_own_campaign(*, campaign: Campaign) -> list[str]:
    """For a national campaign, the provinces it leaves to their own campaign for the cycle."""
    if campaign.province:
        return []
    return list(Campaign.objects.filter(cycle=campaign.cycle).exclude(province="").values_list("province", flat=True))


def campaign_of_centre(*, centre: Centre, cycle: int) -> Campaign | None:
    """The campaign ``centre`` answers to in ``cycle``: its province's, else the national one, else None."""
    return (
        Campaign.objects.filter(cycle=cycle, province__in=[centre.province, ""])
        .select_related("framework")
        .order_by("-province")  # the province's own before the national one ("")
        .first()
    )


def _with_stage(centres: QuerySet, cycle: int) -> QuerySet:
    """``centres`` annotated with ``stage`` (a ``Stage`` value) from their assessment of ``cycle``."""
    submitted = Assessment.Status.SUBMITTED
    return centres.annotate(
        current=FilteredRelation("assessments", condition=Q(assessments__cycle=cycle)),
        stage=Case(
            When(current__id=None, then=Value(Stage.NOT_STARTED)),
            When(current__status=submitted, current__reviewed_at__isnull=False, then=Value(Stage.REVIEWED)),
            When(current__status=submitted, then=Value(Stage.SUBMITTED)),
            When(current__returned_at__isnull=False, then=Value(Stage.RETURNED)),
            default=Value(Stage.IN_PROGRESS),
            output_field=CharField(),
        ),
    )


def centres_open(*, campaign: Campaign) -> QuerySet:
    """The centres of ``campaign`` that have not submitted its cycle (not started, in progress or
    returned), each with ``stage`` and ``assessment_id`` (None when not started)."""
    return (
        _with_stage(campaign_centres(campaign=campaign), campaign.cycle)
        .filter(stage__in=Stage.OPEN)
        .annotate(assessment_id=F("current__id"))
    )


@dataclass(frozen=True)
class Countdown:
    """How far the deadline is: ``left`` days (0 on the day, negative once it has passed), ``late`` the days
    past it (0 until then)."""

    left: int

    @property
    def late(self) -> int:
        return max(0, -self.left)


def days_left(*, campaign: Campaign, today: date) -> Countdown:
    return Countdown((campaign.deadline - today).days)


@dataclass(frozen=True)
class ProgressRow:
    """One group of centres (a province, or a prefecture of one) and how many stand at each stage."""

    province: str
    prefecture: str
    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_percent(self) -> int:
        done = self.counts[Stage.SUBMITTED] + self.counts[Stage.REVIEWED]
        return round(100 * done / self.total) if self.total else 0


def _row(province: str, prefecture: str, counts: dict[str, int], overdue: bool) -> ProgressRow:
    full = {stage: counts.get(stage, 0) for stage in Stage.LABELS}
    return ProgressRow(province, prefecture, full, sum(full[s] for s in Stage.OPEN) if overdue else 0)


def campaign_progress(*, campaign: Campaign, today: date) -> dict:
    """Where the centres of ``campaign`` stand (one query): ``total`` (a ``ProgressRow`` for all of them),
    ``provinces`` and ``prefectures`` (a row per province, and per prefecture of each province, in order),
    ``overdue`` (whether the deadline has passed: then every centre not submitted counts as overdue)."""
    overdue = today > campaign.deadline
    groups = (
        _with_stage(campaign_centres(campaign=campaign), campaign.cycle)
        .values("province", "prefecture", "stage")
        .annotate(n=Count("id"))
        .order_by("province", "prefecture")
    )
    by_prefecture: dict[tuple[str, str], dict[str, int]] = {}
    for group in groups:
        by_prefecture.setdefault((group["province"], group["prefecture"]), {})[group["stage"]] = group["n"]
    by_province: dict[str, dict[str, int]] = {}
    for (province, _prefecture), counts in by_prefecture.items():
        total = by_province.setdefault(province, {})
        for stage, n in counts.items():
            total[stage] = total.get(stage, 0) + n
    everything: dict[str, int] = {}
    for counts in by_province.values():
        for stage, n in counts.items():
            everything[stage] = everything.get(stage, 0) + n
    return {
        "total": _row("", "", everything, overdue),
        "provinces": [_row(province, "", counts, overdue) for province, counts in by_province.items()],
        "prefectures": [_row(p, pref, counts, overdue) for (p, pref), counts in by_prefecture.items()],
        "overdue": overdue,
    }


def overdue_centres(*, campaign: Campaign, today: date) -> list[Centre]:
    """The centres past the deadline without a submission (none before the deadline), ordered by province,
    prefecture and name, each with ``stage`` and ``leads`` (their lead memberships with the users). Two
    queries."""
    if today <= campaign.deadline:
        return []
    leads = Membership.objects.filter(role=Membership.Role.LEAD).select_related("user").order_by("user__username")
    centres = centres_open(campaign=campaign).prefetch_related(Prefetch("memberships", queryset=leads, to_attr="leads"))
    return list(centres.order_by("province", "prefecture", "name"))


def centre_campaign(*, centre: Centre, cycle: int, today: date) -> dict | None:
    """What a centre's home page says of its campaign for ``cycle``: ``{campaign, countdown, done, opened}``
    (``done``: the centre has submitted the cycle), or None when no campaign covers it."""
    campaign = campaign_of_centre(centre=centre, cycle=cycle)
    if campaign is None:
        return None
    stage = _with_stage(Centre.objects.filter(pk=centre.pk), cycle).values_list("stage", flat=True).first()
    return {
        "campaign": campaign,
        "countdown": days_left(campaign=campaign, today=today),
        "done": stage not in Stage.OPEN,
        "opened": today >= campaign.opens_on,
    }


def scope_campaigns(*, scope: AdminScope, cycle: int, today: date) -> list[dict]:
    """The administrator home's campaign status: each campaign of ``cycle`` in the scope with its totals
    (``{campaign, countdown, total}``, ``total`` a ``ProgressRow``)."""
    return [
        {
            "campaign": campaign,
            "countdown": days_left(campaign=campaign, today=today),
            "total": campaign_progress(campaign=campaign, today=today)["total"],
        }
        for campaign in campaigns_visible(scope=scope).filter(cycle=cycle)
    ]
