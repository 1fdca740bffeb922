"""Opening and changing a campaign: a cycle an administrator runs for their scope."""

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import AdminScope, Campaign

# What an administrator sets on a campaign (the province only when their scope is the nation).
CAMPAIGN_FIELDS = (
    "name",
    "cycle",
    "framework",
    "opens_on",
    "deadline",
    "instructions",
    "remind_days_before",
    "overdue_every_days",
)


class CampaignError(Exception):
    """A campaign that cannot be saved as asked; the message is for the administrator."""


@transaction.atomic
def campaign_save(*, scope: AdminScope, user, values: dict, campaign: Campaign | None = None) -> Campaign:
    """Open a campaign (``campaign`` None) or change one, for ``scope``: a provincial administrator's is
    always their province's; the nation's scope chooses a province, or none for the whole nation
    (``values["province"]``). One campaign per scope and cycle; the deadline is not before the opening."""
    province = values.get("province", "") if scope.is_national else scope.province
    if values["deadline"] < values["opens_on"]:
        raise CampaignError(_("截止日期不能早于开始日期。"))
    clash = Campaign.objects.filter(province=province, cycle=values["cycle"])
    if campaign is not None:
        clash = clash.exclude(pk=campaign.pk)
    existing = clash.first()
    if existing is not None:
        raise CampaignError(
            _("%(scope)s %(cycle)s 年度已有填报活动“%(name)s”；每个范围每个年度只有一个，请编辑它。")
            % {"scope": province or _("全国"), "cycle": values["cycle"], "name": existing.name}
        )
    if campaign is None:
        campaign = Campaign(created_by=user)
    campaign.province = province
    for field in CAMPAIGN_FIELDS:
        setattr(campaign, field, values[field])
    campaign.save()
    return campaign
