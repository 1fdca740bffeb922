"""Writing a framework version into the database."""

from pathlib import Path

from django.db import transaction

from assessment.framework.schema import FrameworkError, Problem, document_hash, framework_parse
from assessment.models import (
    Dimension,
    Exemplar,
    ExemplarFigure,
    ExemplarPractice,
    FrameworkVersion,
    Indicator,
    Pillar,
    Stage,
)


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
    Stage.objects.bulk_create(
        Stage(
            framework=framework,
            code=s["code"],
            name=s["name"],
            name_en=s["name_en"],
            min_score=s["min_score"],
            interpretation=s["interpretation"],
        )
        for s in document["stages"]
    )
    indicators: dict[str, Indicator] = {}
    for p_pos, p in enumerate(document["pillars"]):
        pillar = Pillar.objects.create(
            framework=framework,
            code=p["code"],
            title=p["title"],
            short_title=p["short_title"],
            title_en=p["title_en"],
            weight=p["weight"],
            description=p["description"],
            position=p_pos,
        )
        for d_pos, d in enumerate(p["dimensions"]):
            dimension = Dimension.objects.create(
                pillar=pillar,
                code=d["code"],
                title=d["title"],
                title_en=d["title_en"],
                weight=d["weight"],
                position=d_pos,
            )
            created = Indicator.objects.bulk_create(
                Indicator(
                    framework=framework,
                    dimension=dimension,
                    code=i["code"],
                    title=i["title"],
                    title_en=i["title_en"],
                    help_text=i["help"],
                    weight=i["weight"],
                    kind=i["kind"],
                    area=i["area"] or "",
                    evidence_prompt=i["evidence_prompt"],
                    levels=i["levels"],
                    unit=i["unit"],
                    thresholds=i["thresholds"],
                    per_capita=i["per_capita"],
                    next_step=i["next_step"],
                    tier_advice=i["tier_advice"],
                    source_quotes=i["source_quotes"],
                    position=i_pos,
                )
                for i_pos, i in enumerate(d["indicators"])
            )
            indicators.update((i.code, i) for i in created)
    for e_pos, e in enumerate(document["exemplars"]):
        exemplar = Exemplar.objects.create(
            framework=framework,
            code=e["code"],
            name=e["name"],
            short_name=e["short_name"],
            type=e["type"],
            province=e["province"],
            province_quote=e["province_quote"],
            region=e["region"],
            position=e_pos,
        )
        for pr_pos, pr in enumerate(e["practices"]):
            practice = ExemplarPractice.objects.create(
                exemplar=exemplar,
                level=pr["level"],
                summary=pr["summary"],
                quote=pr["quote"],
                position=pr_pos,
            )
            practice.indicators.set([indicators[code] for code in pr["indicators"]])
        ExemplarFigure.objects.bulk_create(
            ExemplarFigure(
                exemplar=exemplar,
                indicator=indicators.get(f["indicator"]) if f["indicator"] else None,
                label=f["label"],
                value=f["value"],
                unit=f["unit"],
                display=f["display"],
                year=f["year"],
                quote=f["quote"],
                position=f_pos,
            )
            for f_pos, f in enumerate(e["figures"])
        )
    return framework
