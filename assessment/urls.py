from django.urls import path, register_converter

from assessment.converters import IdConverter
from assessment.views import (
    actions,
    audit,
    bundles,
    centres,
    cohort,
    exemplars,
    home,
    imports,
    members,
    questionnaire,
    reports,
    results,
    reviews,
    versions,
    what_if,
)

register_converter(IdConverter, "id")

app_name = "assessment"

# Grouped by the first part of the path; a collection is spelled in the plural (assessments/, exemplars/,
# centres/, members/), a single thing in the singular (framework/, cohort/: the administrator's one cohort).
urlpatterns = [
    path("", home.home, name="home"),
    path("framework/", home.framework_detail, name="framework_detail"),
    path("framework/<str:version>/changes/", versions.framework_changes, name="framework_changes"),
    path("assessments/start/", home.assessment_start_view, name="assessment_start"),
    path("assessments/<id:pk>/", questionnaire.assessment_overview, name="assessment_overview"),
    path("assessments/<id:pk>/pillars/<str:code>/", questionnaire.assessment_pillar, name="assessment_pillar"),
    path("assessments/<id:pk>/pillars/<str:code>/confirm/", versions.answers_confirm_view, name="assessment_answers_confirm"),
    path("assessments/<id:pk>/move/", versions.assessment_move_view, name="assessment_move"),
    path("assessments/<id:pk>/submit/", questionnaire.assessment_submit_view, name="assessment_submit"),
    path("assessments/<id:pk>/reopen/", audit.assessment_reopen_view, name="assessment_reopen"),
    path("assessments/<id:pk>/review/", reviews.assessment_review, name="assessment_review"),
    path("assessments/<id:pk>/review/finish/", reviews.assessment_review_finish_view, name="assessment_review_finish"),
    path("assessments/<id:pk>/result/", results.assessment_result_view, name="assessment_result"),
    path("assessments/<id:pk>/report.pdf", reports.assessment_report_pdf, name="assessment_report_pdf"),
    path("assessments/<id:pk>/what-if/", what_if.assessment_what_if, name="assessment_what_if"),
    path("assessments/<id:pk>/actions/", actions.action_plan, name="action_plan"),
    path("assessments/<id:pk>/actions/<id:item_id>/", actions.action_item_edit, name="action_item_edit"),
    path("assessments/<id:pk>/actions/<id:item_id>/delete/", actions.action_item_delete_view, name="action_item_delete"),
    path("assessments/<id:pk>/actions/export.<str:fmt>", actions.action_plan_export, name="action_plan_export"),
    path("exemplars/", exemplars.exemplar_list, name="exemplar_list"),
    path("exemplars/<str:code>/", exemplars.exemplar_detail, name="exemplar_detail"),
    path("members/", members.members, name="members"),
    path("members/<id:membership_id>/remove/", members.member_remove_view, name="member_remove"),
    path("members/<id:membership_id>/invite/", members.member_reinvite_view, name="member_reinvite"),
    path("centres/import/", imports.centres_import_view, name="centres_import"),
    path("centres/import/template.csv", imports.centres_import_template, name="centres_import_template"),
    path("centre/size/", centres.centre_size, name="centre_size"),
    path("centres/<id:centre_id>/audit/", audit.centre_audit, name="centre_audit"),
    path("cohort/", cohort.cohort_dashboard_view, name="cohort_dashboard"),
    path("cohort/compare/", cohort.cohort_compare, name="cohort_compare"),
    path("cohort/export.<str:fmt>", cohort.cohort_export, name="cohort_export"),
    path("reports/bundles/", bundles.bundle_list, name="bundle_list"),
    path("reports/bundles/<id:bundle_id>/", bundles.bundle_detail, name="bundle_detail"),
    path("reports/bundles/<id:bundle_id>/download/", bundles.bundle_download, name="bundle_download"),
]
