"""What changed between two framework versions, and what carrying answers across them does, as pages show it."""

from django.utils.translation import gettext as _

from assessment.framework.spec import ChangeType, Framework
from assessment.models import Answer
from assessment.versions import MERGE_RULE, Carry


def _side(framework: Framework | None, codes) -> list[dict]:
    out = []
    for code in codes:
        indicator = framework.indicator(code) if framework else None
        out.append(
            {
                "code": code,
                "title": indicator.title if indicator else "",
                "kind": indicator.kind_label if indicator else "",
                "pillar": indicator.pillar if indicator else "",
            }
        )
    return out


def change_rows(*, old: Framework | None, new: Framework) -> dict:
    """The changes ``new`` declares from its previous version (``old``, None when that version is not
    loaded: the old codes are shown without titles), indicator by indicator, in the file's order, with a
    count per type: ``{"rows": [{type, type_label, old: [...], new: [...], rule, applied}], "counts": [...]}``.
    ``applied`` says how the product carries an answer for this type of change."""
    applied = {
        ChangeType.SAME: _("答案原样沿用。"),
        ChangeType.RENAMED: _("答案原样沿用。"),
        ChangeType.RESCALED: _("沿用原填报的数值或等级，按新指标的口径和阈值重新评定等级。"),
        ChangeType.MERGED: str(MERGE_RULE),
        ChangeType.SPLIT: _("原答案复制到每个新指标。"),
        ChangeType.DROPPED: _("答案不再沿用（迁移时列出）。"),
        ChangeType.NEW: _("新指标，需重新作答。"),
    }
    rows = [
        {
            "type": change.type,
            "type_label": change.type_label,
            "old": _side(old, change.sources),
            "new": _side(new, change.targets),
            "rule": change.rule,
            "applied": applied[change.type],
        }
        for change in new.changes
    ]
    counts = [
        {"type": t.value, "label": t.label, "count": sum(1 for r in rows if r["type"] == t)}
        for t in ChangeType
        if any(r["type"] == t for r in rows)
    ]
    return {"rows": rows, "counts": counts}


def carry_summary(*, old: Framework, new: Framework, carry: Carry) -> dict:
    """What a move or a carried start will do, for its confirmation page and its message."""
    return {
        "carried": len(carry.carried),
        "left": [{"code": item.code, "title": item.title, "reason": item.reason} for item in carry.left],
        "new": _side(new, carry.new),
        "old_version": old.version,
        "new_version": new.version,
    }


def carried_rows(*, framework: Framework, waiting: list[dict]) -> list[dict]:
    """The carried answers still waiting (``selectors.assessments.carried_waiting``) with their title,
    pillar (whose page holds the question) and why they wait, for links."""
    rows = []
    for item in waiting:
        indicator = framework.indicator(item["code"])
        if indicator is None:
            continue
        rows.append(
            {
                "code": item["code"],
                "title": indicator.title,
                "pillar": indicator.pillar,
                "label": Answer.Carry(item["carry"]).label,
                "carried_from": item["carried_from"],
            }
        )
    return rows
