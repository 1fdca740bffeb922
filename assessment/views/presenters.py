"""Shaping stored data for templates."""

from django.utils.translation import gettext as _


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def progress_of(result: dict) -> dict:
    """Answered/total per pillar and overall, from a scoring result."""
    return {
        "answered": result["answered"],
        "total": result["total"],
        "percent": percent(result["answered"], result["total"]),
        "pillars": [
            {
                "code": p["code"],
                "title": p["title"],
                "short_title": p["short_title"],
                "answered": p["answered"],
                "total": p["total"],
                "percent": percent(p["answered"], p["total"]),
            }
            for p in result["pillars"]
        ],
    }


def describe_state(state, indicator: dict) -> str:
    """One answer in words, e.g. "等级 3：……", "12 个", "是", "不适用（原因）"."""
    if state.not_applicable:
        return _("不适用（%(reason)s）") % {"reason": state.na_reason}
    kind = indicator["kind"]
    if kind == "level" and state.level is not None:
        return _("等级 %(level)d：%(text)s") % {"level": state.level, "text": indicator["levels"][state.level]}
    if kind == "number" and state.number is not None:
        return f"{state.number.normalize():f} {indicator['unit']}"
    if kind == "boolean" and state.boolean is not None:
        return _("是") if state.boolean else _("否")
    return _("未作答")
