"""Deterministic demo data: fictional centres, members and assessments, every one marked as demo.

The centre names carry "（演示）", ``Centre.is_demo`` is set and every demo answer's note says it is
demo data, so demo data can never be mistaken for a real centre's. Running it twice changes nothing.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from assessment.demo.answers import demo_value
from assessment.kinds import MAX_LEVEL, AnswerValue
from assessment.models import AdminScope, Assessment, Campaign, Centre, FrameworkVersion, Membership, ResourceTier
from assessment.scales import PROFILE_FIELDS, Size
from assessment.selectors.framework import framework_by_version, framework_current
from assessment.services.assessments import (
    AnswerEntry,
    answer_token,
    answers_save,
    assessment_start,
    assessment_submit,
)
from assessment.services.centres import centre_create, member_create
from assessment.services.framework import framework_load

DEMO_PASSWORD = "demo-2023"

# (username, province or "" for the nation)
DEMO_ADMINS = [("demo-gansu-admin", "甘肃"), ("demo-national-admin", "")]

# (key, name, province, prefecture, tier, population, staff, typical level 0–4)
DEMO_CENTRES = [
    ("east", "东澜县融媒体中心（演示）", "浙江", "湖州市", ResourceTier.WELL_RESOURCED, 650_000, 210, 3.0),
    ("central", "中岭县融媒体中心（演示）", "湖南", "邵阳市", ResourceTier.DEVELOPING, 420_000, 85, 2.0),
    ("west", "西川县融媒体中心（演示）", "甘肃", "定西市", ResourceTier.UNDER_RESOURCED, 180_000, 36, 1.3),
]

# The rest of each demo centre's size profile (towns and streets, villages and communities); the figures
# describe the year before the first demo cycle. Fictional, like the centres.
DEMO_PROFILES = {
    "east": {"towns": 11, "villages": 210},
    "central": {"towns": 22, "villages": 540},
    "west": {"towns": 19, "villages": 300},
}


def demo_state(indicator, rng: random.Random, typical: float, size: Size) -> AnswerValue:
    """A plausible answer around ``typical`` level for one indicator in a county of ``size``."""
    level = max(0, min(MAX_LEVEL, round(rng.gauss(typical, 0.9))))
    return demo_value(indicator, level, rng.random(), size=size)


def demo_answer(*, assessment: Assessment, user, typical: float, share: float = 1.0) -> None:
    """Answer ``share`` of the assessment's indicators (in order) with demo answers."""
    rng = random.Random(f"{assessment.centre.name}-{assessment.cycle}")
    size = Size.of(assessment.centre)
    indicators = list(assessment.framework.spec.indicators)
    chosen = indicators[: round(len(indicators) * share)]
    entries = [AnswerEntry(code=i.code, value=demo_state(i, rng, typical, size), loaded_token=answer_token(None)) for i in chosen]
    answers_save(assessment=assessment, user=user, entries=entries)


def demo_frameworks() -> tuple[FrameworkVersion | None, FrameworkVersion]:
    """The framework version before the current one (loaded from the file the current one names, when it
    names one) and the current one (loaded from ``settings.FRAMEWORK_FILE`` when none is)."""
    current = framework_current() or framework_load(path=settings.FRAMEWORK_FILE)[0]
    name = current.document.get("previous_file")
    if not name:
        return None, current
    previous = framework_by_version(version=current.spec.previous)
    return previous or framework_load(path=settings.FRAMEWORK_FILE.parent / name)[0], current


@transaction.atomic
def demo_seed(*, cycle: int) -> list[Centre]:
    """Create the demo centres, a lead and an editor each (``demo-<key>-lead`` / ``demo-<key>-editor``),
    a provincial (甘肃) and a national demo administrator,
    and their assessments on the current framework version: the eastern and western centres have submitted
    ``cycle``, the central one is half-way through it. On the version before (2023.2), the eastern centre
    submitted ``cycle - 1`` (its year-over-year goes through the versions' mapping) and the western one
    left ``cycle - 1`` as a draft its lead can move to the current version."""
    previous, current = demo_frameworks()
    centres = []
    for key, name, province, prefecture, tier, population, staff, typical in DEMO_CENTRES:
        centre = Centre.objects.filter(name=name, province=province, prefecture=prefecture).first()
        if centre is None:
            centre = centre_create(
                name=name,
                province=province,
                prefecture=prefecture,
                resource_tier=tier,
                population=population,
                staff_count=staff,
                is_demo=True,
                **DEMO_PROFILES[key],
                **{year: cycle - 2 for _figure, year in PROFILE_FIELDS},
            )
        for role, label in ((Membership.Role.LEAD, "负责人"), (Membership.Role.EDITOR, "填报人")):
            username = f"demo-{key}-{role}"
            if not Membership.objects.filter(user__username=username).exists():
                member_create(
                    centre=centre,
                    username=username,
                    email=f"{username}@example.com",
                    role=role,
                    full_name=f"演示{label}",
                    password=DEMO_PASSWORD,
                )
        lead = Membership.objects.get(centre=centre, role=Membership.Role.LEAD, user__username=f"demo-{key}-lead").user
        history = previous or current
        plan = {
            "east": [(cycle - 1, history, typical - 0.6, 1.0, True), (cycle, current, typical, 1.0, True)],
            "central": [(cycle, current, typical, 0.5, False)],
            "west": [(cycle - 1, history, typical - 0.3, 0.6, False), (cycle, current, typical, 1.0, True)],
        }[key]
        for year, framework, level, share, submit in plan:
            if Assessment.objects.filter(centre=centre, cycle=year).exists():
                continue
            assessment = assessment_start(centre=centre, cycle=year, framework=framework)
            demo_answer(assessment=assessment, user=lead, typical=level, share=share)
            if submit:
                assessment_submit(assessment=assessment, user=lead)
        centres.append(centre)
    for username, province in DEMO_ADMINS:
        if not AdminScope.objects.filter(user__username=username).exists():
            user = get_user_model().objects.create_user(username=username, password=DEMO_PASSWORD, first_name="演示管理员")
            AdminScope.objects.create(user=user, province=province)
    demo_campaign(cycle=cycle, framework=current)
    return centres


DEMO_CAMPAIGN_OVERDUE_DAYS = 10  # the demo campaign's deadline passed this long before the seed ran


def demo_campaign(*, cycle: int, framework: FrameworkVersion) -> Campaign:
    """A national demo campaign for ``cycle`` whose deadline has passed, so the centres that have not
    submitted (the central demo centre) show as overdue; left as it is when it exists."""
    opens_on = date(cycle, 1, 1)
    deadline = min(max(opens_on, timezone.localdate() - timedelta(days=DEMO_CAMPAIGN_OVERDUE_DAYS)), date(cycle, 12, 31))
    campaign, _created = Campaign.objects.get_or_create(
        province="",
        cycle=cycle,
        defaults={
            "name": f"{cycle} 年度全国自评（演示）",
            "framework": framework,
            "opens_on": opens_on,
            "deadline": deadline,
            "instructions": "演示数据：请各中心负责人组织成员分工填报，按时提交。",
            "is_demo": True,
        },
    )
    return campaign
