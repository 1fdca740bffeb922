"""Deterministic demo data: fictional centres and members, every one marked as demo.

The names carry "（演示）" and ``Centre.is_demo`` is set, so demo data can never be mistaken for a
real centre's. Running it twice changes nothing.
"""

from django.db import transaction

from assessment.models import Centre, Membership, ResourceTier
from assessment.services.centres import centre_create, member_create

DEMO_PASSWORD = "demo-2023"

DEMO_CENTRES = [
    # (key, name, province, prefecture, tier, population, staff)
    ("east", "东澜县融媒体中心（演示）", "浙江", "湖州市", ResourceTier.WELL_RESOURCED, 650_000, 210),
    ("central", "中岭县融媒体中心（演示）", "湖南", "邵阳市", ResourceTier.DEVELOPING, 420_000, 85),
    ("west", "西川县融媒体中心（演示）", "甘肃", "定西市", ResourceTier.UNDER_RESOURCED, 180_000, 36),
]


@transaction.atomic
def demo_seed() -> list[Centre]:
    """Create the demo centres with a lead and an editor each (``demo-<key>-lead`` / ``demo-<key>-editor``)."""
    centres = []
    for key, name, province, prefecture, tier, population, staff in DEMO_CENTRES:
        centre = Centre.objects.filter(name=name, province=province, prefecture=prefecture).first()
        if centre is None:
            centre = centre_create(name=name, province=province, prefecture=prefecture, resource_tier=tier,
                                   population=population, staff_count=staff, is_demo=True)
        for role, label in ((Membership.Role.LEAD, "负责人"), (Membership.Role.EDITOR, "填报人")):
            username = f"demo-{key}-{role}"
            if not Membership.objects.filter(user__username=username).exists():
                member_create(centre=centre, username=username, email=f"{username}@example.com", role=role,
                              full_name=f"演示{label}", password=DEMO_PASSWORD)
        centres.append(centre)
    return centres
