"""Automations: time conditions (calendar and business hours), firing once, batches in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fyr.accounts import services as accounts
from fyr.calendars import hours
from fyr.calendars.models import Calendar, OpeningPeriod
from fyr.core import clock
from fyr.rules.automations import run_automations, split
from fyr.rules.models import AutomationRun
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, MessageKind
from fyr.tickets.events import Actor
from fyr.tickets.inbound import ThreadHints
from fyr.tickets.models import Message, Ticket
from tests.conftest import inbound_email
from tests.rules.conftest import events_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

PENDING_5_DAYS = {
    "all": [
        {"field": "ticket.status", "operator": "is", "value": "pending"},
        {"field": "time.status_changed", "operator": "gte", "value": 120},
    ]
}
SOLVE_WITH_NOTICE = [
    {"type": "email_customer", "body": "Vi stänger ärende {{ ticket.number }} nu."},
    {"type": "set_status", "value": "solved"},
]


def sweep(at: datetime):
    with clock.at(at):
        return run_automations(at)


def pending_ticket(agent, support, at=T0) -> Ticket:
    with clock.at(at):
        ticket = tickets.receive(inbound_email(team_id=support.pk, received_at=at)).ticket
        tickets.reply(ticket, author=agent, body="Can you send the invoice?", status="pending")
    return ticket


def test_pending_for_five_days_is_solved_with_a_notice(
    customer, agent, support, make_automation, django_capture_on_commit_callbacks, mailoutbox
):
    automation = make_automation(SOLVE_WITH_NOTICE, PENDING_5_DAYS, name="Close stale pending")
    ticket = pending_ticket(agent, support)
    with clock.at(T0 + timedelta(hours=100)):  # a note later does not restart the wait
        tickets.add_note(ticket, author=agent, body="Still waiting")
    assert sweep(T0 + timedelta(hours=119)) == {"Close stale pending": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(T0 + timedelta(hours=121)) == {"Close stale pending": 1}
    ticket.refresh_from_db()
    assert ticket.status == "solved"
    notice = Message.objects.filter(
        ticket=ticket, kind=MessageKind.REPLY, direction="outbound", author_agent=None
    )
    assert notice.get().body_text == f"Vi stänger ärende {ticket.number} nu."
    assert mailoutbox[-1].to == ["karin@acme.se"]
    [fired] = events_of(ticket, EventKind.RULE_FIRED)
    rule = {"kind": "automation", "id": automation.pk, "name": "Close stale pending"}
    assert fired.data["rule"] == rule
    assert events_of(ticket, EventKind.STATUS_CHANGED)[-1].data["rule"] == rule


def test_an_automation_fires_once_per_ticket(customer, agent, support, make_automation):
    make_automation(
        [{"type": "add_tags", "value": ["stale"]}],
        {"all": [{"field": "time.updated", "operator": "gte", "value": 1}]},
    )
    ticket = pending_ticket(agent, support)
    later = T0 + timedelta(hours=2)
    assert sum(sweep(later).values()) == 1
    assert sum(sweep(later + timedelta(hours=3)).values()) == 0
    assert len(events_of(ticket, EventKind.RULE_FIRED)) == 1


def test_fires_again_after_the_ticket_stopped_matching(customer, agent, support, make_automation):
    make_automation(SOLVE_WITH_NOTICE, PENDING_5_DAYS)
    ticket = pending_ticket(agent, support)
    sweep(T0 + timedelta(hours=121))
    assert Ticket.objects.get(pk=ticket.pk).status == "solved"
    t1 = T0 + timedelta(days=7)
    with clock.at(t1):  # the customer answers (reopens), the agent waits on them again
        tickets.receive(inbound_email(text="Här", thread=ThreadHints(ticket_id=ticket.pk)))
    sweep(t1 + timedelta(minutes=1))  # no longer matching: re-armed
    assert not AutomationRun.objects.filter(ticket=ticket).exists()
    with clock.at(t1 + timedelta(hours=1)):
        tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": "pending"})
    assert sum(sweep(t1 + timedelta(hours=100)).values()) == 0
    assert sum(sweep(t1 + timedelta(hours=122)).values()) == 1
    assert len(events_of(ticket, EventKind.RULE_FIRED)) == 2


def _office_hours(team):
    calendar = Calendar.objects.create(name="Office", time_zone="Europe/Stockholm")
    for day in range(5):
        OpeningPeriod.objects.create(calendar=calendar, weekday=day, opens=time(8), closes=time(17))
    team.calendar = calendar
    team.save()
    hours.forget()


def test_unassigned_for_one_business_hour_notifies_the_team_lead(
    customer,
    agent,
    colleague,
    support,
    make_automation,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    _office_hours(support)
    accounts.add_to_team(colleague, support, lead=True)
    make_automation(
        [
            {
                "type": "notify",
                "to": "team_leads",
                "subject": "Unassigned: #{{ ticket.number }}",
                "body": "{{ ticket.subject }} waits for an agent.",
            }
        ],
        {
            "all": [
                {"field": "ticket.assignee", "operator": "not_set"},
                {"field": "time.created", "operator": "gte", "value": 1, "business": True},
            ]
        },
        name="Nudge the lead",
    )
    friday = datetime(2026, 3, 6, 15, 30, tzinfo=UTC)  # 16:30 in Stockholm, 30 min before closing
    with clock.at(friday):
        ticket = tickets.receive(inbound_email(team_id=support.pk, received_at=friday)).ticket
    monday = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm: opening
    assert sweep(monday + timedelta(minutes=29)) == {"Nudge the lead": 0}  # 59 business minutes
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep(monday + timedelta(minutes=31)) == {"Nudge the lead": 1}
    [mail] = mailoutbox
    assert mail.to == ["colleague@fyr.test"]
    assert mail.subject == f"Unassigned: #{ticket.number}"
    assert len(events_of(ticket, EventKind.NOTIFICATION_SENT)) == 1


def test_conditions_become_sql_where_they_can():
    now = T0
    sql, leftover = split(
        {
            "all": [
                {"field": "ticket.status", "operator": "is", "value": "pending"},
                {"field": "time.created", "operator": "gte", "value": 1, "business": True},
                {"field": "ticket.tags", "operator": "contains", "value": "vip"},
            ],
            "any": [],
        },
        now,
    )
    assert leftover == {
        "all": [{"field": "time.created", "operator": "gte", "value": 1, "business": True}],
        "any": [],
    }
    assert "created_at__lte" in str(sql) and "status" in str(sql)
    _sql, leftover = split(
        {"all": [{"field": "time.updated", "operator": "lte", "value": 3}], "any": []}, now
    )
    assert leftover == {}


def test_sweep_queries_do_not_grow_with_candidates(customer, agent, support, make_automation):
    """Candidates that fail only the business-hours check cost no query each."""
    _office_hours(support)
    make_automation(
        [{"type": "add_tags", "value": ["late"]}],
        {"all": [{"field": "time.created", "operator": "gte", "value": 30, "business": True}]},
    )
    saturday = datetime(2026, 3, 7, 9, 0, tzinfo=UTC)

    def make(n):
        for i in range(n):
            with clock.at(saturday):
                tickets.receive(
                    inbound_email(team_id=support.pk, subject=f"S{i}", received_at=saturday)
                )

    sunday = saturday + timedelta(days=1, hours=8)  # 32 calendar hours, no business hours
    make(2)
    sweep(sunday)
    with CaptureQueriesContext(connection) as few:
        sweep(sunday)
    make(6)
    with CaptureQueriesContext(connection) as many:
        sweep(sunday)
    assert len(many.captured_queries) == len(few.captured_queries)
