"""Reading the framework."""

from assessment.framework.spec import Framework
from assessment.models import FrameworkVersion


def framework_current() -> FrameworkVersion | None:
    """The newest loaded framework version: new assessments start on it. None before any load."""
    return FrameworkVersion.objects.order_by("-loaded_at", "-id").first()


def framework_specs(*, ids: set[int]) -> dict[int, Framework]:
    """The specifications of the given framework versions, keyed by id (one query; none when ``ids`` is
    empty)."""
    if not ids:
        return {}
    return {version.pk: version.spec for version in FrameworkVersion.objects.filter(pk__in=ids)}
