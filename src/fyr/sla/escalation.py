"""What an SLA policy does when a target is about to be missed or is missed.

The actions are ticket changes made in the policy's name (``Actor.of_rule("sla", …)``), so every
event they record names the policy, and e-mails to the people who can still save the promise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fyr.accounts.models import Team, TeamMembership, User
from fyr.sla.choices import Escalation, Metric
from fyr.sla.policies import Policy, active_policies
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, Priority, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket

log = logging.getLogger(__name__)

#: One step up for ``raise_priority``.
HIGHER = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
    Priority.URGENT: Priority.URGENT,
}


def run(kind: EventKind, rows: Sequence[dict[str, Any]]) -> int:
    """Run the escalations of the policies behind ``rows`` (clocks that just crossed the line);
    returns how many actions were taken."""
    policies = {policy.id: policy for policy in active_policies()}
    taken = 0
    for row in rows:
        policy = policies.get(row["policy_id"])
        if policy is None:
            continue
        actions = policy.on_warning if kind == EventKind.SLA_WARNING else policy.on_breach
        if not actions:
            continue
        try:
            with transaction.atomic():  # one ticket's failure must not hold up the sweep
                taken += escalate(
                    row["ticket_id"], policy, actions, kind=kind, metric=row["metric"]
                )
        except Exception:
            log.exception("SLA escalation on ticket %s failed", row["ticket_id"])
    return taken


def escalate(
    ticket_id: int,
    policy: Policy,
    actions: Iterable[dict[str, Any]],
    *,
    kind: EventKind,
    metric: str,
) -> int:
    ticket = Ticket.objects.filter(pk=ticket_id).select_related("team").first()
    if ticket is None or ticket.status in (Status.SOLVED, Status.CLOSED):
        return 0
    actor = Actor.of_rule("sla", policy.id, policy.name)
    changes: dict[str, Any] = {}
    notify: list[str] = []
    for action in actions:
        name = action.get("action")
        if name == Escalation.RAISE_PRIORITY:
            changes["priority"] = HIGHER[Priority(ticket.priority)]
        elif name == Escalation.MOVE_TO_TEAM:
            team = Team.objects.filter(pk=int(action.get("team") or 0)).first()
            if team is not None:
                changes["team"] = team
        elif name == Escalation.SET_TIER:
            changes["tier"] = max(ticket.tier, int(action.get("tier") or 1))
        elif name in (Escalation.NOTIFY_ASSIGNEE, Escalation.NOTIFY_TEAM_LEADS):
            notify.append(str(name))
    if changes.get("priority") == ticket.priority:
        del changes["priority"]
    # Who is told is decided before the ticket moves: the people who held it when time ran out.
    recipients = _recipients(ticket, notify)
    if changes:
        tickets.change_ticket(ticket, actor=actor, changes=changes)
    sent = _notify(ticket, recipients, actor, kind=kind, metric=metric) if recipients else 0
    return len(changes) + sent


def _recipients(ticket: Ticket, who: list[str]) -> list[User]:
    recipients: dict[int, User] = {}
    if Escalation.NOTIFY_ASSIGNEE in who and ticket.assignee_id:
        assignee = User.objects.filter(pk=ticket.assignee_id, is_active=True).first()
        if assignee is not None:
            recipients[assignee.pk] = assignee
    if Escalation.NOTIFY_TEAM_LEADS in who and ticket.team_id:
        leads = TeamMembership.objects.filter(
            team_id=ticket.team_id, is_lead=True, user__is_active=True
        ).select_related("user")
        recipients.update({m.user.pk: m.user for m in leads})
    return list(recipients.values())


def _notify(
    ticket: Ticket, recipients: list[User], actor: Actor, *, kind: EventKind, metric: str
) -> int:
    """Queue one mail per person, in their language; each is recorded on the ticket when it
    has gone out (``fyr.tickets.tasks.notify_agents``, retried if the mail server fails)."""
    from fyr.tickets.tasks import notify_agents

    rule = actor.rule.as_data() if actor.rule else {"kind": "sla", "id": None, "name": "SLA"}
    mails = [_mail(ticket, user, kind, metric) for user in recipients]
    ticket_id = ticket.pk

    def enqueue() -> None:
        for mail in mails:
            notify_agents.enqueue(ticket_id, mail, rule)

    transaction.on_commit(enqueue)
    return len(mails)


def _mail(ticket: Ticket, user: User, kind: EventKind, metric: str) -> dict[str, Any]:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        label = Metric(metric).label
        if kind == EventKind.SLA_WARNING:
            subject = _("SLA warning: %(metric)s on #%(number)s is due soon")
        else:
            subject = _("SLA breached: %(metric)s on #%(number)s")
        subject %= {"metric": label, "number": ticket.number}
        body = _("Ticket #%(number)s: %(subject)s\nPriority: %(priority)s\n\n%(url)s\n") % {
            "number": ticket.number,
            "subject": ticket.subject,
            "priority": Priority(ticket.priority).label,
            "url": f"{settings.BASE_URL}/desk/tickets/{ticket.number}/",
        }
    return {"to": [user.email], "subject": subject, "body": body}
