"""The framework is immutable once loaded: the admin lists it and shows it, and changes nothing."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from assessment.models import AdminScope, Assessment, Centre, FrameworkVersion, Indicator, Membership
from assessment.regions import region_of


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["code"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    """A version and its indicator rows; what the framework says is on the product's framework page."""

    list_display = ["version", "title", "loaded_at", "content_hash", "indicator_count"]
    exclude = ["document"]
    inlines = [IndicatorInline]

    @admin.display(description=_("指标数"))
    def indicator_count(self, obj):
        return len(obj.spec.indicators)


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
