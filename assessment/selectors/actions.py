"""Reads on the action plan."""

from django.utils.text import Truncator

from assessment.models import ActionItem, Assessment

TITLE_MAX_LENGTH = ActionItem._meta.get_field("title").max_length


def recommendation_title(next_step: str) -> str:
    """The action item a recommendation becomes: its next step on one line, cut to the title's length."""
    return Truncator(" ".join(next_step.split())).chars(TITLE_MAX_LENGTH)


def advice_with_plan(*, assessment: Assessment, advice: dict) -> dict:
    """``advice`` (as ``recommend`` returns it) with each recommendation's ``action_title`` (what its
    "加入行动计划" button adds) and ``action_item_id`` (the plan's item for it, or None). One query."""
    planned = dict(
        ((code, title), pk) for code, title, pk in assessment.action_items.values_list("indicator_code", "title", "pk")
    )

    def mark(item: dict) -> dict:
        title = recommendation_title(item["next_step"])
        return {**item, "action_title": title, "action_item_id": planned.get((item["code"], title))}

    return {
        **advice,
        "top": [mark(item) for item in advice["top"]],
        "pillars": [{**pillar, "items": [mark(item) for item in pillar["items"]]} for pillar in advice["pillars"]],
    }
