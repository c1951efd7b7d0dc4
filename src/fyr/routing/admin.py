from django.contrib import admin

from fyr.routing.models import SkillRule


@admin.register(SkillRule)
class SkillRuleAdmin(admin.ModelAdmin):
    """Rules are edited on the desk's routing page, whose service validates them and refreshes
    the cached copy; here they can only be looked at."""

    list_display = ["skill", "tag", "ticket_type", "language"]
    list_filter = ["ticket_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
