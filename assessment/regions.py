"""China's 31 provincial-level divisions and the east/central/west region each belongs to.

The three-region split is the National Bureau of Statistics' one, which is also the split the report
uses when it contrasts 中西部地区 with 东部沿海地区.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    EAST = "east", _("东部")
    CENTRAL = "central", _("中部")
    WEST = "west", _("西部")


_REGION_OF_PROVINCE = {
    Region.EAST: "北京 天津 河北 辽宁 上海 江苏 浙江 福建 山东 广东 海南",
    Region.CENTRAL: "山西 吉林 黑龙江 安徽 江西 河南 湖北 湖南",
    Region.WEST: "内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆",
}

PROVINCE_REGION: dict[str, str] = {
    province: str(region.value) for region, names in _REGION_OF_PROVINCE.items() for province in names.split()
}
PROVINCES: list[str] = list(PROVINCE_REGION)
PROVINCE_CHOICES = [(name, name) for name in PROVINCES]


def region_of(province: str) -> str:
    """Return the region code ("east", "central" or "west") of a short province name; KeyError if unknown."""
    return PROVINCE_REGION[province]
