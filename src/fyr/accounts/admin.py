from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from fyr.accounts.models import ApiToken, Skill, Team, TeamMembership, User
from fyr.calendars import hours as calendar_hours
from fyr.core import configcache


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "role", "availability", "is_active"]
    list_filter = ["role", "is_active", "availability"]
    search_fields = ["name", "email"]
    filter_horizontal = ["skills"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        (_("Work"), {"fields": ["role", "availability", "skills", "language", "signature"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "role", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "calendar"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        configcache.forget("routing.team_modes")  # fyr.routing caches the assignment modes
        calendar_hours.forget()  # fyr.calendars caches which calendar a team uses


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:  # tokens are issued by `fyr token`
        return False
