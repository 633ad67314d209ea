"""Back-office corners in the Django admin. Every flow people perform has its own portal
page; this is for the platform operator's occasional inspection and repair."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from jbgs.models import (
    AgreementAcceptance,
    AuditEntry,
    Campaign,
    CampaignStage,
    IndustryField,
    Notification,
    Organization,
    Region,
    User,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "area", "yangtze_delta"]
    list_filter = ["level", "in_jiangsu", "area"]
    search_fields = ["code", "name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "region", "credit_code", "applied_at"]
    list_filter = ["status", "kind", "is_ministry_provincial"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["region"]
    readonly_fields = ["status", "applied_at", "reviewed_at", "reviewed_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "organization", "roles", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["username", "name", "email", "organization__name"]
    ordering = ["username"]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "email", "phone", "organization", "roles", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "name", "organization", "roles"]})
    ]


class StageInline(admin.TabularInline):
    model = CampaignStage
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "year"]
    inlines = [StageInline]


@admin.register(IndustryField)
class IndustryFieldAdmin(admin.ModelAdmin):
    list_display = ["year", "position", "code", "name"]
    list_filter = ["year"]


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["organization", "version", "accepted_by", "accepted_at"]
    readonly_fields = ["organization", "version", "accepted_by", "accepted_at", "ip_address"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, in the admin as in the database."""

    list_display = ["created_at", "actor_name", "action", "object_repr", "from_state", "to_state"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
