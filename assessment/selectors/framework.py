"""Reading the framework."""

from django.db.models import Prefetch

from assessment.models import Dimension, FrameworkVersion, Indicator, Pillar


def framework_current() -> FrameworkVersion | None:
    """The newest loaded framework version: new assessments start on it. None before any load."""
    return FrameworkVersion.objects.order_by("-loaded_at", "-id").first()


def framework_pillars(*, framework: FrameworkVersion) -> list[Pillar]:
    """Pillars of ``framework`` with their dimensions and indicators, in order (three queries)."""
    return list(
        Pillar.objects.filter(framework=framework).prefetch_related(
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.order_by("position").prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
                ),
            )
        )
    )


def indicators_by_key(*, framework_ids: set[int], codes: set[str]) -> dict[tuple[int, str], dict]:
    """The named indicators of the given framework versions, keyed by (framework id, code), as the dicts
    the pages describe answers with (one query)."""
    rows = Indicator.objects.filter(framework_id__in=framework_ids, code__in=codes).values(
        "framework_id", "code", "title", "kind", "levels", "unit"
    )
    return {(row["framework_id"], row["code"]): row for row in rows}
