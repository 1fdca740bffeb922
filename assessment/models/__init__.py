from assessment.models.assessment import ActionItem, Answer, Assessment, ResultSnapshot
from assessment.models.audit import AuditEvent
from assessment.models.bundle import ReportBundle
from assessment.models.centre import AdminScope, Centre, Membership, ResourceTier
from assessment.models.framework import FrameworkVersion, Indicator
from assessment.models.work import Assignment, Campaign, Comment, IndicatorReview, Notification, PillarReady, Reminder

__all__ = [
    "Assignment",
    "Campaign",
    "Comment",
    "IndicatorReview",
    "Notification",
    "PillarReady",
    "Reminder",
    "AdminScope",
    "ActionItem",
    "Answer",
    "Assessment",
    "AuditEvent",
    "ReportBundle",
    "ResultSnapshot",
    "Centre",
    "Membership",
    "ResourceTier",
    "FrameworkVersion",
    "Indicator",
]
