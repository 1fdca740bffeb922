"""The framework is immutable once loaded: the admin lists it and shows it, and changes nothing."""

from django.contrib import admin

from assessment.models import (
    AdminScope,
    Assessment,
    Centre,
    Dimension,
    Exemplar,
    ExemplarFigure,
    ExemplarPractice,
    FrameworkVersion,
    Indicator,
    Membership,
    Pillar,
    Stage,
)
from assessment.regions import region_of


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PillarInline(ReadOnlyInline):
    model = Pillar
    fields = ["code", "title", "weight"]


class StageInline(ReadOnlyInline):
    model = Stage
    fields = ["code", "name", "min_score"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["version", "title", "loaded_at", "content_hash"]
    exclude = ["document"]
    inlines = [PillarInline, StageInline]


class DimensionInline(ReadOnlyInline):
    model = Dimension
    fields = ["code", "title", "weight"]


@admin.register(Pillar)
class PillarAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "weight", "framework"]
    list_filter = ["framework"]
    inlines = [DimensionInline]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["code", "title", "kind", "weight"]


@admin.register(Dimension)
class DimensionAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "weight", "pillar"]
    list_filter = ["pillar__framework"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "kind", "weight", "unit", "framework"]
    list_filter = ["framework", "kind", "area"]
    search_fields = ["code", "title", "title_en"]
    list_select_related = ["framework"]


class PracticeInline(ReadOnlyInline):
    model = ExemplarPractice
    fields = ["level", "summary", "quote"]
    show_change_link = False


class FigureInline(ReadOnlyInline):
    model = ExemplarFigure
    fields = ["label", "display", "indicator", "quote"]
    show_change_link = False


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    list_display = ["name", "type", "province", "region", "framework"]
    list_filter = ["framework", "type", "region"]
    inlines = [PracticeInline, FigureInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "prefecture", "region", "resource_tier", "is_demo"]
    list_filter = ["region", "province", "resource_tier", "is_demo"]
    search_fields = ["name", "prefecture"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        obj.region = region_of(obj.province)  # derived, never typed in
        super().save_model(request, obj, form, change)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Assessments change only through the questionnaire, so that every change is a member's."""

    list_display = ["centre", "cycle", "status", "framework", "submitted_at"]
    list_filter = ["cycle", "status", "centre__region"]
    search_fields = ["centre__name"]
    list_select_related = ["centre", "framework"]


@admin.register(AdminScope)
class AdminScopeAdmin(admin.ModelAdmin):
    """Administrators and their scope: a province, or the nation when the province is left blank."""

    list_display = ["user", "province"]
    list_filter = ["province"]
    raw_id_fields = ["user"]
