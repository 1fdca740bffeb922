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


def framework_by_version(*, version: str) -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(version=version).first()


def framework_next(*, framework: FrameworkVersion) -> FrameworkVersion | None:
    """The newest loaded version that declares ``framework`` as its previous one (so answers can be carried
    to it), or None. Versions are few, and each one's specification is built once per process: the large
    document column is read only for a version whose specification is not built yet."""
    for candidate in FrameworkVersion.objects.exclude(pk=framework.pk).defer("document").order_by("-loaded_at", "-id"):
        if candidate.spec.previous == framework.version:
            return candidate
    return None
