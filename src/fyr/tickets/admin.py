"""Tickets are read-only in Django's admin: every change must go through the services."""

from django.contrib import admin

from fyr.tickets.models import Ticket, TicketEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "status", "priority", "team", "assignee", "updated_at"]
    list_filter = ["status", "priority", "channel"]
    list_select_related = ["team", "assignee"]
    search_fields = ["=number"]
    show_full_result_count = False


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "kind", "actor_kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["ticket"]
    show_full_result_count = False
