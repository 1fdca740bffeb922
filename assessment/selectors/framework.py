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
