from assessment.models.assessment import Answer, Assessment, ResultSnapshot
from assessment.models.centre import Centre, Membership, ResourceTier
from assessment.models.framework import (
    Dimension,
    Exemplar,
    ExemplarFigure,
    ExemplarPractice,
    FrameworkVersion,
    Indicator,
    Pillar,
    Stage,
)

__all__ = [
    "Answer",
    "Assessment",
    "ResultSnapshot",
    "Centre",
    "Membership",
    "ResourceTier",
    "Dimension",
    "Exemplar",
    "ExemplarFigure",
    "ExemplarPractice",
    "FrameworkVersion",
    "Indicator",
    "Pillar",
    "Stage",
]
