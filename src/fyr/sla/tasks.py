"""Background work of the SLA app."""

from __future__ import annotations

from django_tasks import task

from fyr.sla import services


@task()
def resync_tickets(ticket_ids: list[int]) -> int:
    """Apply the policies as they are now to these tickets' clocks (after a policy changed)."""
    return services.resync(ticket_ids)
