from django.urls import path

from assessment.views import home, members, questionnaire, results

urlpatterns = [
    path("", home.home, name="home"),
    path("framework/", home.framework_detail, name="framework_detail"),
    path("assessments/start/", home.assessment_start_view, name="assessment_start"),
    path("assessments/<int:pk>/", questionnaire.assessment_overview, name="assessment_overview"),
    path("assessments/<int:pk>/pillars/<str:code>/", questionnaire.assessment_pillar, name="assessment_pillar"),
    path("assessments/<int:pk>/submit/", questionnaire.assessment_submit_view, name="assessment_submit"),
    path("assessments/<int:pk>/result/", results.assessment_result_view, name="assessment_result"),
    path("centre/members/", members.members, name="members"),
    path("centre/members/<int:membership_id>/remove/", members.member_remove_view, name="member_remove"),
]
