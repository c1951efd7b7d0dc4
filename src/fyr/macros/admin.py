from django.contrib import admin

from fyr.macros.models import Macro


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    """Read-mostly: macros are edited in the desk (which validates them through the services)."""

    list_display = ["name", "visibility", "team", "owner", "active", "usage_count", "last_used_at"]
    list_filter = ["visibility", "active"]
    list_select_related = ["team", "owner"]
    search_fields = ["name"]
    readonly_fields = [
        "name",
        "description",
        "visibility",
        "owner",
        "team",
        "text",
        "internal",
        "changes",
        "usage_count",
        "last_used_at",
        "created_by",
        "created_at",
        "updated_at",
    ]
