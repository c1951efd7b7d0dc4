"""SLA scenarios with known deadlines: starts, pauses, replies, priority changes, breaches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fyr.sla import clocks, sweep
from fyr.sla.choices import ClockState, Metric, Outcome
from fyr.sla.models import SlaClock
from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, Priority, Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import ThreadHints
from fyr.tickets.models import Ticket, TicketEvent
from tests.conftest import inbound_email
from tests.sla.conftest import T0, policy

pytestmark = pytest.mark.django_db

MIN = timedelta(minutes=1)


def new_ticket(at, minutes=0, **kwargs):
    with at(minutes):
        return tickets.receive(inbound_email(**kwargs)).ticket


def clock_of(ticket, metric, *, index=-1) -> SlaClock:
    return list(SlaClock.objects.filter(ticket=ticket, metric=metric).order_by("id"))[index]


def refreshed(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_a_new_ticket_starts_first_response_and_resolution(at, customer):
    policy(first_response=60, resolution=8 * 60)
    ticket = new_ticket(at)
    first = clock_of(ticket, Metric.FIRST_RESPONSE)
    assert (first.state, first.started_at, first.due_at) == (ClockState.RUNNING, T0, T0 + 60 * MIN)
    assert first.warn_at == T0 + 45 * MIN
    assert clock_of(ticket, Metric.RESOLUTION).due_at == T0 + 8 * 60 * MIN
    assert refreshed(ticket).sla_due_at == T0 + 60 * MIN
    assert not SlaClock.objects.filter(metric=Metric.NEXT_REPLY).exists()


def test_the_first_public_reply_meets_first_response_and_a_note_does_not(at, customer, agent):
    policy(first_response=60, resolution=8 * 60)
    ticket = new_ticket(at)
    with at(20):
        tickets.add_note(ticket, author=agent, body="Kollar med ekonomi")
    assert clock_of(ticket, Metric.FIRST_RESPONSE).state == ClockState.RUNNING
    with at(30):
        tickets.reply(ticket, author=agent, body="Hej! Vi tittar på det.")
    first = clock_of(ticket, Metric.FIRST_RESPONSE)
    assert (first.state, first.outcome, first.stopped_at) == (
        ClockState.STOPPED,
        Outcome.MET,
        T0 + 30 * MIN,
    )
    assert refreshed(ticket).sla_due_at == T0 + 8 * 60 * MIN


def customer_writes(at, minutes, ticket, text="En fråga till"):
    with at(minutes):
        return tickets.receive(inbound_email(text=text, thread=ThreadHints(ticket_id=ticket.pk)))


def test_each_customer_message_after_the_first_response_waits_for_a_next_reply(at, customer, agent):
    policy(first_response=60, next_reply=120, resolution=8 * 60)
    ticket = new_ticket(at)
    with at(10):
        tickets.reply(ticket, author=agent, body="Hej!")
    customer_writes(at, 30, ticket)
    waiting = clock_of(ticket, Metric.NEXT_REPLY)
    assert (waiting.started_at, waiting.due_at) == (T0 + 30 * MIN, T0 + 150 * MIN)
    customer_writes(at, 40, ticket, "Och en till")  # still the same wait
    assert SlaClock.objects.filter(ticket=ticket, metric=Metric.NEXT_REPLY).count() == 1
    with at(100):
        tickets.reply(ticket, author=agent, body="Svar")
    assert clock_of(ticket, Metric.NEXT_REPLY).outcome == Outcome.MET
    customer_writes(at, 200, ticket, "Tack, men…")
    second = clock_of(ticket, Metric.NEXT_REPLY)
    assert (second.started_at, second.due_at) == (T0 + 200 * MIN, T0 + 320 * MIN)


def test_pending_and_on_hold_pause_every_clock_and_a_customer_reply_resumes(at, customer, agent):
    policy(first_response=60, next_reply=60, resolution=8 * 60)
    ticket = new_ticket(at)
    with at(30):
        tickets.reply(ticket, author=agent, body="Kan du skicka fakturan?", status=Status.PENDING)
    resolution = clock_of(ticket, Metric.RESOLUTION)
    assert (resolution.state, resolution.used_seconds, resolution.due_at) == (
        ClockState.PAUSED,
        30 * 60,
        None,
    )
    assert refreshed(ticket).sla_due_at is None
    customer_writes(at, 150, ticket, "Här är den")  # reopens: pending -> open
    resolution.refresh_from_db()
    # 30 minutes used before the pause; 450 left from the moment it resumed.
    assert resolution.due_at == T0 + 150 * MIN + 450 * MIN
    assert clock_of(ticket, Metric.NEXT_REPLY).due_at == T0 + 210 * MIN
    assert refreshed(ticket).sla_due_at == T0 + 210 * MIN
    with at(160):
        tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": "on_hold"})
    assert (
        set(
            SlaClock.objects.filter(ticket=ticket, state=ClockState.RUNNING).values_list(
                "metric", flat=True
            )
        )
        == set()
    )


def test_a_priority_raised_mid_way_keeps_the_time_used_and_takes_the_new_target(
    at, customer, agent
):
    policy("Brådskande", conditions={"priority": ["urgent"]}, first_response=30)
    policy("Normal", first_response=240)
    ticket = new_ticket(at)
    assert clock_of(ticket, Metric.FIRST_RESPONSE).due_at == T0 + 240 * MIN
    with at(20):
        tickets.change_ticket(
            ticket, actor=Actor.of_agent(agent), changes={"priority": Priority.URGENT}
        )
    first = clock_of(ticket, Metric.FIRST_RESPONSE)
    assert (first.used_seconds, first.target_minutes, first.due_at) == (
        20 * 60,
        30,
        T0 + 30 * MIN,
    )
    assert refreshed(ticket).sla_due_at == T0 + 30 * MIN
    with at(25):  # lowered again: the longer target applies, 25 minutes of it used
        tickets.change_ticket(
            ticket, actor=Actor.of_agent(agent), changes={"priority": Priority.LOW}
        )
    assert clock_of(ticket, Metric.FIRST_RESPONSE).due_at == T0 + 240 * MIN


def test_a_policy_that_no_longer_covers_the_ticket_cancels_its_clocks(at, customer, agent):
    policy("Bara e-post", conditions={"tags": ["vip"]}, first_response=30)
    ticket = new_ticket(at)
    assert not SlaClock.objects.exists()
    with at(5):
        tickets.add_tags(ticket, ["VIP"], actor=Actor.of_agent(agent))
    first = clock_of(ticket, Metric.FIRST_RESPONSE)
    assert (first.started_at, first.due_at) == (T0, T0 + 30 * MIN)  # from the ticket's start
    with at(10):
        tickets.remove_tags(ticket, ["vip"], actor=Actor.of_agent(agent))
    first.refresh_from_db()
    assert first.outcome == Outcome.CANCELLED
    assert refreshed(ticket).sla_due_at is None


def test_the_sweep_warns_then_records_the_breach_once(at, customer, agent):
    policy(first_response=60, warn=15)
    ticket = new_ticket(at)
    assert sweep.sweep(T0 + 44 * MIN).warnings == 0
    assert sweep.sweep(T0 + 46 * MIN).warnings == 1
    assert sweep.sweep(T0 + 50 * MIN).warnings == 0
    result = sweep.sweep(T0 + 61 * MIN)
    assert (result.warnings, result.breaches) == (0, 1)
    assert sweep.sweep(T0 + 90 * MIN).breaches == 0
    kinds = list(
        TicketEvent.objects.filter(ticket=ticket, kind__startswith="sla_").values_list(
            "kind", "data"
        )
    )
    assert [k for k, _ in kinds] == [EventKind.SLA_WARNING, EventKind.SLA_BREACHED]
    assert kinds[1][1]["metric"] == Metric.FIRST_RESPONSE
    assert kinds[1][1]["rule"]["name"] == "Standard"
    with at(70):
        tickets.reply(ticket, author=agent, body="Förlåt dröjsmålet")
    first = clock_of(ticket, Metric.FIRST_RESPONSE)
    assert (first.outcome, first.breached_at) == (Outcome.BREACHED, T0 + 60 * MIN)


def test_a_reply_after_the_deadline_is_a_breach_even_before_the_sweep_saw_it(at, customer, agent):
    policy(first_response=60)
    ticket = new_ticket(at)
    with at(61):
        tickets.reply(ticket, author=agent, body="Sent svar")
    assert clock_of(ticket, Metric.FIRST_RESPONSE).outcome == Outcome.BREACHED


def test_solving_stops_the_clocks_and_reopening_resumes_resolution(at, customer, agent):
    policy(first_response=60, resolution=120)
    ticket = new_ticket(at)
    with at(30):
        tickets.reply(ticket, author=agent, body="Klart!", status=Status.SOLVED)
    resolution = clock_of(ticket, Metric.RESOLUTION)
    assert (resolution.outcome, resolution.used_seconds) == (Outcome.MET, 30 * 60)
    customer_writes(at, 300, ticket, "Det fungerar inte ändå")
    resolution.refresh_from_db()
    assert (resolution.state, resolution.due_at) == (ClockState.RUNNING, T0 + 390 * MIN)
    assert SlaClock.objects.filter(ticket=ticket, metric=Metric.RESOLUTION).count() == 1


def test_business_hours_friday_afternoon_is_due_on_monday_morning(office_hours, customer):
    policy(first_response=(60, True))
    friday = datetime(2026, 1, 16, 15, 30, tzinfo=UTC)  # 16:30 in Stockholm
    ticket = tickets.receive(inbound_email(received_at=friday)).ticket
    assert clock_of(ticket, Metric.FIRST_RESPONSE).due_at == datetime(
        2026, 1, 19, 7, 30, tzinfo=UTC
    )  # Monday 08:30 in Stockholm


def test_escalation_on_breach_raises_priority_moves_team_and_mails_the_leads(
    at, customer, agent, support, billing, mailoutbox, django_capture_on_commit_callbacks
):
    from fyr.accounts.models import TeamMembership

    TeamMembership.objects.filter(user=agent).update(is_lead=True)
    policy(
        first_response=60,
        on_breach=[
            {"action": "raise_priority"},
            {"action": "move_to_team", "team": billing.pk},
            {"action": "notify_team_leads"},
        ],
    )
    ticket = new_ticket(at, team_id=support.pk)
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.sweep(T0 + 61 * MIN)
    assert result.breaches == 1
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.team_id) == (Priority.HIGH, billing.pk)
    changed = TicketEvent.objects.get(ticket=ticket, kind=EventKind.PRIORITY_CHANGED)
    assert changed.data["rule"] == {
        "kind": "sla",
        "id": changed.data["rule"]["id"],
        "name": "Standard",
    }
    assert [m.to for m in mailoutbox] == [[agent.email]]
    assert f"#{ticket.number}" in mailoutbox[0].subject


def test_without_policies_the_observer_reads_nothing(customer, django_assert_num_queries):
    ticket = tickets.receive(inbound_email()).ticket
    change = hooks.Change(ticket, Actor.of_contact(customer), tuple(ticket.events.all()))
    with django_assert_num_queries(0):
        clocks.on_change(change)


def test_a_deactivated_policy_cancels_the_clocks_it_runs(
    at, customer, django_capture_on_commit_callbacks
):
    from fyr.sla import services
    from fyr.sla.services import PolicyInput, TargetInput

    standard = policy(first_response=60)
    ticket = new_ticket(at)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_policy(
            standard,
            PolicyInput(
                name="Standard", is_active=False, targets=[TargetInput("first_response", 60)]
            ),
        )
    assert clock_of(ticket, Metric.FIRST_RESPONSE).outcome == Outcome.CANCELLED
    assert refreshed(ticket).sla_due_at is None


def test_a_trigger_changing_a_new_ticket_does_not_start_its_clocks_twice(at, customer):
    """The trigger's nested change is observed before the ticket's own: one set of clocks."""
    from fyr.tickets import hooks as ticket_hooks

    policy("Brådskande", conditions={"priority": ["urgent"]}, first_response=30)
    policy("Normal", first_response=240)

    def urgent_on_create(change):
        if change.created:
            rule = Actor.of_rule("trigger", 1, "Allt är brådskande")
            tickets.change_ticket(change.ticket, actor=rule, changes={"priority": "urgent"})

    saved = list(ticket_hooks._observers)
    ticket_hooks.observe("test-trigger", urgent_on_create, order=5)
    try:
        ticket = new_ticket(at)
    finally:
        ticket_hooks._observers[:] = saved
    clocks = SlaClock.objects.filter(ticket=ticket, metric=Metric.FIRST_RESPONSE)
    assert [(c.target_minutes, c.due_at) for c in clocks] == [(30, T0 + 30 * MIN)]


def test_a_failing_escalation_is_logged_and_does_not_hold_up_the_sweep(
    at, customer, monkeypatch, caplog
):
    from fyr.sla import escalation

    policy(first_response=60, on_breach=[{"action": "raise_priority"}])
    first, second = new_ticket(at, external_id="<e1@x>"), new_ticket(at, external_id="<e2@x>")

    real = escalation.escalate

    def broken_for_the_first(ticket_id, *args, **kwargs):
        if ticket_id == first.pk:
            raise RuntimeError("boom")
        return real(ticket_id, *args, **kwargs)

    monkeypatch.setattr(escalation, "escalate", broken_for_the_first)
    result = sweep.sweep(T0 + 61 * MIN)
    assert (result.breaches, result.escalations) == (2, 1)
    assert refreshed(second).priority == Priority.HIGH
    assert refreshed(first).priority == Priority.NORMAL
    assert "SLA escalation on ticket" in caplog.text


def test_a_warning_mails_the_assignee_and_a_breach_escalates_the_tier(
    at, customer, agent, mailoutbox, django_capture_on_commit_callbacks
):
    policy(
        first_response=60,
        warn=15,
        on_warning=[{"action": "notify_assignee"}],
        on_breach=[{"action": "set_tier", "tier": 2}],
    )
    ticket = new_ticket(at)
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"assignee": agent})
    with django_capture_on_commit_callbacks(execute=True):
        sweep.sweep(T0 + 46 * MIN)
    assert [m.to for m in mailoutbox] == [[agent.email]]
    assert "SLA warning" in mailoutbox[0].subject
    sweep.sweep(T0 + 61 * MIN)
    assert refreshed(ticket).tier == 2
    assert (
        TicketEvent.objects.get(ticket=ticket, kind=EventKind.TIER_CHANGED).data["rule"]["kind"]
        == "sla"
    )
