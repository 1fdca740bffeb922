"""Writing a framework version into the database: the checked document, and a row per indicator for
answers to point at."""

from pathlib import Path

from django.db import transaction

from assessment.framework.schema import FrameworkError, Problem, document_hash, framework_parse
from assessment.models import FrameworkVersion, Indicator


def framework_load(*, path: Path | str) -> tuple[FrameworkVersion, bool]:
    """Validate the file at ``path`` and store it as an immutable framework version.

    Returns ``(version, created)``. Loading a file whose content is already stored changes nothing and
    returns ``created=False``. A file with a version label already stored under different content is
    refused: a changed framework must carry a new version label. Raises ``FrameworkError``; on any error
    nothing is written.
    """
    document = framework_parse(path)
    content_hash = document_hash(document)
    with transaction.atomic():
        existing = FrameworkVersion.objects.filter(version=document["version"]).first()
        if existing is not None:
            if existing.content_hash == content_hash:
                return existing, False
            raise FrameworkError(
                Path(path).name,
                [
                    Problem(
                        "version",
                        f"版本 {document['version']} 已以不同的内容载入；框架一经载入不可修改，修改后请使用新的版本号",
                    )
                ],
            )
        return _framework_create(document, content_hash), True


def _framework_create(document: dict, content_hash: str) -> FrameworkVersion:
    framework = FrameworkVersion.objects.create(
        version=document["version"],
        title=document["title"],
        source=document["source"],
        content_hash=content_hash,
        document=document,
    )
    Indicator.objects.bulk_create(
        Indicator(framework=framework, code=indicator.code, position=position)
        for position, indicator in enumerate(framework.spec.indicators)
    )
    return framework
