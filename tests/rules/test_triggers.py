"""Triggers: when they run, what their actions do, and that chains of them terminate."""

from __future__ import annotations

import pytest

from fyr.accounts import services as accounts
from fyr.rules import services as rules
from fyr.rules.triggers import on_change
from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import ActorKind, EventKind, MessageKind
from fyr.tickets.events import Actor
from fyr.tickets.models import Message, Ticket, TicketEvent
from tests.conftest import inbound_email
from tests.rules.conftest import events_of, subject_contains, tags_of


def receive(**kwargs) -> Ticket:
    return tickets.receive(inbound_email(**kwargs)).ticket


def test_created_trigger_assigns_and_tags_and_names_the_rule(customer, agent, make_trigger):
    trigger = make_trigger(
        [{"type": "set_assignee", "value": agent.pk}, {"type": "add_tags", "value": ["billing"]}],
        subject_contains("faktura"),
        name="Invoices to Agnes",
    )
    ticket = receive(subject="Faktura 17 fel")
    ticket.refresh_from_db()
    assert ticket.assignee_id == agent.pk
    assert tags_of(ticket) == ["billing"]
    rule = {"kind": "trigger", "id": trigger.pk, "name": "Invoices to Agnes"}
    fired = events_of(ticket, EventKind.RULE_FIRED)
    assert [e.data["rule"] for e in fired] == [rule]
    for kind in (EventKind.ASSIGNEE_CHANGED, EventKind.TAGS_CHANGED):
        [event] = events_of(ticket, kind)
        assert event.data["rule"] == rule
        assert event.actor_kind == ActorKind.SYSTEM


def test_not_matching_trigger_does_nothing(customer, agent, make_trigger):
    make_trigger([{"type": "add_tags", "value": ["billing"]}], subject_contains("faktura"))
    ticket = receive(subject="Lösenord")
    assert tags_of(ticket) == []
    assert events_of(ticket, EventKind.RULE_FIRED) == []


def test_run_on_updated_not_on_created(ticket, agent, make_trigger):
    make_trigger(
        [{"type": "set_priority", "value": "high"}],
        {"all": [{"field": "change.status", "operator": "changed_to", "value": "pending"}]},
        run_on=["updated"],
    )
    receive(subject="Another", external_id="<x@acme.se>")
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": "open"})
    assert Ticket.objects.get(pk=ticket.pk).priority == "normal"
    tickets.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": "pending"})
    assert Ticket.objects.get(pk=ticket.pk).priority == "high"


def test_customer_message_trigger_reads_the_message(ticket, make_trigger):
    make_trigger(
        [{"type": "set_priority", "value": "urgent"}],
        {"all": [{"field": "message.text", "operator": "contains", "value": "bråttom"}]},
        run_on=["customer_message"],
    )
    tickets.receive(inbound_email(text="Inget särskilt", thread=_thread(ticket)))
    assert Ticket.objects.get(pk=ticket.pk).priority == "normal"
    tickets.receive(inbound_email(text="Det är BRÅTTOM nu", thread=_thread(ticket)))
    assert Ticket.objects.get(pk=ticket.pk).priority == "urgent"


def _thread(ticket):
    from fyr.tickets.inbound import ThreadHints

    return ThreadHints(ticket_id=ticket.pk)


def test_agent_message_trigger(ticket, agent, make_trigger):
    make_trigger([{"type": "add_tags", "value": ["answered"]}], run_on=["agent_message"])
    tickets.add_note(ticket, author=agent, body="Looking")
    assert tags_of(ticket) == ["answered"]


def test_each_setter_action(ticket, agent, billing, make_trigger):
    make_trigger(
        [
            {"type": "set_status", "value": "open"},
            {"type": "set_priority", "value": "low"},
            {"type": "set_type", "value": "incident"},
            {"type": "set_team", "value": billing.pk},
            {"type": "set_tier", "value": 2},
            {"type": "remove_tags", "value": ["spam"]},
        ],
        run_on=["updated"],
    )
    tickets.add_tags(ticket, ["spam", "keep"], actor=Actor.of_agent(agent))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority, ticket.type, ticket.team_id, ticket.tier) == (
        "open",
        "low",
        "incident",
        billing.pk,
        2,
    )
    assert tags_of(ticket) == ["keep"]


def test_internal_note_and_customer_reply_have_no_agent_author(
    customer, make_trigger, django_capture_on_commit_callbacks, mailoutbox
):
    make_trigger(
        [
            {"type": "add_note", "body": "Auto-triaged #{{ ticket.number }}"},
            {"type": "email_customer", "body": "Hej {{ contact.first_name }}, tack!"},
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = receive(subject="Hjälp")
    note = Message.objects.get(ticket=ticket, kind=MessageKind.NOTE)
    assert note.author_agent is None and note.body_text == f"Auto-triaged #{ticket.number}"
    reply = Message.objects.get(ticket=ticket, kind=MessageKind.REPLY, direction="outbound")
    assert reply.author_agent is None and reply.body_text == "Hej Karin, tack!"
    ticket.refresh_from_db()
    assert ticket.first_responded_at is None  # an automatic notice is not a first response
    [mail] = mailoutbox
    assert mail.to == ["karin@acme.se"] and "Hej Karin, tack!" in mail.body


def test_notify_team_leads(
    customer,
    support,
    agent,
    colleague,
    make_trigger,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    accounts.add_to_team(colleague, support, lead=True)
    trigger = make_trigger(
        [
            {
                "type": "notify",
                "to": "team_leads",
                "subject": "New: {{ ticket.subject }}",
                "body": "Ticket {{ ticket.number }} came in",
            }
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        ticket = tickets.receive(inbound_email(subject="Kassa", team_id=support.pk)).ticket
    [mail] = mailoutbox
    assert mail.to == ["colleague@fyr.test"]
    assert mail.subject == "New: Kassa"
    assert mail.body == f"Ticket {ticket.number} came in"
    [sent] = events_of(ticket, EventKind.NOTIFICATION_SENT)
    assert sent.data["to"] == ["colleague@fyr.test"]
    assert sent.data["rule"]["id"] == trigger.pk


def test_a_trigger_that_cannot_act_does_not_lose_the_message(customer, agent, make_trigger):
    make_trigger([{"type": "set_assignee", "value": agent.pk}])
    agent.is_active = False
    agent.save()
    ticket = receive(subject="Hej")
    assert ticket.assignee_id is None
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert events_of(ticket, EventKind.RULE_FIRED) == []


def test_triggers_feeding_each_other_terminate(customer, make_trigger):
    """A adds x when y is there; B adds y when x is there; C flips a tag back and forth."""
    has = lambda tag: {"all": [{"field": "ticket.tags", "operator": "contains", "value": tag}]}  # noqa: E731
    a = make_trigger([{"type": "add_tags", "value": ["x"]}], has("y"), run_on=["updated"], name="A")
    b = make_trigger([{"type": "add_tags", "value": ["y"]}], has("x"), run_on=["updated"], name="B")
    make_trigger(
        [{"type": "remove_tags", "value": ["x", "y"]}],
        {
            "all": [
                {"field": "ticket.tags", "operator": "contains", "value": "x"},
                {"field": "ticket.tags", "operator": "contains", "value": "y"},
            ]
        },
        run_on=["updated"],
        name="C",
    )
    make_trigger([{"type": "add_tags", "value": ["y"]}], run_on=["created"], name="Start")
    ticket = receive(subject="Loop")
    fired = events_of(ticket, EventKind.RULE_FIRED)
    names = [e.data["rule"]["name"] for e in fired]
    # Each trigger fires at most once for the ticket's creation, however they feed each other.
    assert len(names) == len(set(names)) <= 4
    assert names[0] == "Start" and "A" in names
    assert TicketEvent.objects.filter(ticket=ticket).count() < 20
    assert {a.pk, b.pk} & {e.data["rule"]["id"] for e in fired}


def test_a_trigger_changing_what_it_matches_on_fires_once(ticket, agent, make_trigger):
    make_trigger(
        [{"type": "set_priority", "value": "high"}, {"type": "set_priority", "value": "low"}],
        run_on=["updated"],
    )
    tickets.add_tags(ticket, ["go"], actor=Actor.of_agent(agent))
    assert len(events_of(ticket, EventKind.RULE_FIRED)) == 1


def test_chain_depth_is_bounded(customer, make_trigger):
    """Ten triggers each reacting to the previous one's tag: only MAX_CHAIN levels run."""
    from fyr.rules.triggers import MAX_CHAIN

    for n in range(10):
        condition = (
            {"all": [{"field": "ticket.tags", "operator": "contains", "value": f"t{n - 1}"}]}
            if n
            else None
        )
        make_trigger(
            [{"type": "add_tags", "value": [f"t{n}"]}],
            condition,
            run_on=["created", "updated"],
            name=f"T{n}",
            position=10 - n,  # the chain runs against the position order
        )
    ticket = receive(subject="Chain")
    assert len(events_of(ticket, EventKind.RULE_FIRED)) == MAX_CHAIN
    assert tags_of(ticket) == [f"t{n}" for n in range(MAX_CHAIN)]


def test_inactive_triggers_do_not_run(customer, make_trigger):
    trigger = make_trigger([{"type": "add_tags", "value": ["x"]}])
    rules.set_active(trigger, False)
    assert tags_of(receive(subject="Hej")) == []


def test_no_triggers_costs_no_queries(ticket, django_assert_num_queries):
    change = hooks.Change(ticket, Actor.system(), ())
    on_change(change)  # warms the cache: one query per process every few seconds
    with django_assert_num_queries(0):
        on_change(change)


def test_ticket_field_triggers_cost_no_queries_when_not_matching(
    ticket, make_trigger, django_assert_num_queries
):
    make_trigger(
        [{"type": "add_tags", "value": ["x"]}],
        {
            "all": [  # checked cheapest first: the status fails before anything is loaded
                {"field": "contact.vip", "operator": "is", "value": True},
                {"field": "ticket.tags", "operator": "contains", "value": "x"},
                {"field": "ticket.status", "operator": "is", "value": "solved"},
            ]
        },
        run_on=["created", "updated", "customer_message"],
    )
    change = hooks.Change(ticket, Actor.system(), ())
    on_change(change)
    with django_assert_num_queries(0):
        on_change(change)


def test_tag_condition_costs_one_query(ticket, make_trigger, django_assert_num_queries):
    make_trigger(
        [{"type": "add_tags", "value": ["x"]}],
        {"all": [{"field": "ticket.tags", "operator": "contains", "value": "vip"}]},
        run_on=["updated"],
    )
    change = hooks.Change(ticket, Actor.system(), ())
    on_change(change)
    with django_assert_num_queries(1):
        on_change(change)


SOLVED = {"all": [{"field": "ticket.status", "operator": "is", "value": "solved"}]}


@pytest.mark.parametrize(
    ("run_on", "conditions"), [(["agent_message"], None), (["created", "updated"], SOLVED)]
)
def test_receive_with_no_matching_trigger_costs_what_it_did(
    customer, make_trigger, django_assert_num_queries, run_on, conditions
):
    """A trigger for another kind of change, or one whose ticket conditions fail, adds no
    query to receive."""
    receive(subject="Warm", external_id="<w@acme.se>")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        receive(subject="One", external_id="<1@acme.se>")
    make_trigger([{"type": "add_tags", "value": ["x"]}], conditions, run_on=run_on)
    receive(subject="Warm again", external_id="<w2@acme.se>")
    with django_assert_num_queries(len(before.captured_queries)):
        receive(subject="Two", external_id="<2@acme.se>")


def test_notify_another_team(
    customer, billing, outsider, make_trigger, django_capture_on_commit_callbacks, mailoutbox
):
    make_trigger(
        [{"type": "notify", "to": "team", "team": billing.pk, "subject": "FYI", "body": "New"}]
    )
    with django_capture_on_commit_callbacks(execute=True):
        receive(subject="Hej")
    [mail] = mailoutbox
    assert mail.to == ["outsider@fyr.test"]


def test_message_author_and_status_changed_from(ticket, agent, make_trigger):
    make_trigger(
        [{"type": "add_tags", "value": ["agent-wrote"]}],
        {"all": [{"field": "message.author", "operator": "is", "value": "agent"}]},
        run_on=["agent_message", "customer_message"],
        name="Author",
    )
    make_trigger(
        [{"type": "add_tags", "value": ["was-new"]}],
        {"all": [{"field": "change.status", "operator": "changed_from", "value": "new"}]},
        run_on=["updated"],
        name="From new",
    )
    tickets.receive(inbound_email(text="More", thread=_thread(ticket)))
    assert tags_of(ticket) == []
    tickets.reply(ticket, author=agent, body="Svar")  # new → open, by an agent
    assert tags_of(ticket) == ["agent-wrote", "was-new"]


def test_a_failing_trigger_does_not_lose_the_message(customer, make_trigger, monkeypatch):
    from fyr.rules import actions

    make_trigger([{"type": "add_tags", "value": ["x"]}])

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(actions, "run", broken)
    ticket = receive(subject="Hej")
    assert Message.objects.filter(ticket=ticket).count() == 1
    assert tags_of(ticket) == []
