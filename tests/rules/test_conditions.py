"""The condition language: validation with paths, and each operator's meaning."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fyr.core import clock
from fyr.rules import conditions as c
from fyr.rules.conditions import RuleInvalid
from fyr.tickets import services as tickets
from fyr.tickets.events import Actor


def errors_of(data, scope="trigger"):
    with pytest.raises(RuleInvalid) as info:
        c.validate(data, scope=scope)
    return {e.path: e.message for e in info.value.errors}


def test_validate_returns_stored_form():
    data = {"all": [{"field": "ticket.tags", "operator": "contains", "value": " Billing Stuff "}]}
    assert c.validate(data, scope="trigger") == {
        "all": [{"field": "ticket.tags", "operator": "contains", "value": "billing-stuff"}],
        "any": [],
    }


def test_validate_names_each_bad_row():
    errors = errors_of(
        {
            "all": [
                {"field": "ticket.status", "operator": "is", "value": "nonsense"},
                {"field": "ticket.nope", "operator": "is", "value": 1},
            ],
            "any": [{"field": "ticket.priority", "operator": "contains", "value": "x"}],
        }
    )
    assert set(errors) == {("all", 0, "value"), ("all", 1, "field"), ("any", 0, "operator")}


def test_validate_refuses_unknown_group_and_wrong_shapes():
    assert ("every",) in errors_of({"every": []})
    assert () in errors_of([])
    assert ("all",) in errors_of({"all": "x"})
    assert ("all", 0) in errors_of({"all": ["x"]})


def test_time_fields_are_for_automations_and_change_fields_for_triggers():
    time = {"field": "time.created", "operator": "gte", "value": 2}
    change = {"field": "change.status", "operator": "changed"}
    assert ("all", 0, "field") in errors_of({"all": [time]}, scope="trigger")
    assert ("all", 0, "field") in errors_of({"all": [change]}, scope="automation")
    c.validate({"all": [time]}, scope="automation")
    c.validate({"all": [change]}, scope="trigger")


def test_business_flag_only_on_hours_since():
    bad = {"field": "ticket.status", "operator": "is", "value": "open", "business": True}
    assert ("all", 0, "business") in errors_of({"all": [bad]})
    good = {"field": "time.created", "operator": "gte", "value": 1, "business": True}
    assert c.validate({"all": [good]}, scope="automation")["all"][0]["business"] is True


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "ticket.team", "operator": "is", "value": "Support"},
        {"field": "ticket.tier", "operator": "is", "value": 4},
        {"field": "contact.vip", "operator": "is", "value": "yes"},
        {"field": "ticket.status", "operator": "in", "value": []},
        {"field": "ticket.subject", "operator": "contains", "value": "  "},
        {"field": "ticket.status", "operator": "is_set", "value": "open"},
        {"field": "time.created", "operator": "gte", "value": -1},
        {"field": "ticket.tags", "operator": "contains", "value": 5},
    ],
)
def test_bad_values_are_refused_on_the_value(condition):
    scope = "automation" if condition["field"].startswith("time.") else "trigger"
    errors = errors_of({"all": [condition]}, scope=scope)
    assert list(errors) in ([("all", 0, "value")], [("all", 0, "operator")])


def _facts(ticket):
    return c.ChangeFacts(ticket, ())


def check(condition, ticket) -> bool:
    scope = "trigger"
    cleaned = c.validate({"all": [condition]}, scope=scope)
    return c.matches(cleaned, _facts(ticket), clock.now())


def test_operators_on_ticket_fields(ticket, agent, support):
    assert check({"field": "ticket.status", "operator": "is", "value": "new"}, ticket)
    assert not check({"field": "ticket.status", "operator": "is_not", "value": "new"}, ticket)
    assert check({"field": "ticket.priority", "operator": "in", "value": ["low", "normal"]}, ticket)
    assert check({"field": "ticket.channel", "operator": "not_in", "value": ["chat"]}, ticket)
    assert check({"field": "ticket.team", "operator": "is", "value": support.pk}, ticket)
    assert check({"field": "ticket.assignee", "operator": "is", "value": None}, ticket)
    assert check({"field": "ticket.assignee", "operator": "not_set"}, ticket)
    assert check({"field": "ticket.tier", "operator": "lte", "value": 1}, ticket)
    assert check({"field": "ticket.subject", "operator": "contains", "value": "FAKTURAN"}, ticket)
    assert not check({"field": "ticket.subject", "operator": "is", "value": "fel"}, ticket)
    assert check({"field": "ticket.sla_due", "operator": "not_set"}, ticket)


def test_custom_fields_and_tags(ticket, agent):
    tickets.change_ticket(
        ticket,
        actor=Actor.of_agent(agent),
        changes={"custom_fields": {"order": "A-17"}, "tags": ["Urgent"]},
    )
    assert check({"field": "custom_fields.order", "operator": "is", "value": "a-17"}, ticket)
    assert check({"field": "custom_fields.other", "operator": "not_set"}, ticket)
    assert check({"field": "ticket.tags", "operator": "contains", "value": "urgent"}, ticket)
    assert check({"field": "ticket.tags", "operator": "not_contains", "value": "vip"}, ticket)


def test_contact_and_organization(ticket, customer, acme):
    acme.vip = True
    acme.support_plan = "Gold"
    acme.save()
    assert check({"field": "contact.email", "operator": "is", "value": "karin@acme.se"}, ticket)
    assert check({"field": "contact.domain", "operator": "is", "value": "ACME.se"}, ticket)
    assert check({"field": "contact.vip", "operator": "is", "value": False}, ticket)
    assert check({"field": "organization.id", "operator": "is", "value": acme.pk}, ticket)
    assert check({"field": "organization.vip", "operator": "is", "value": True}, ticket)
    assert check({"field": "organization.support_plan", "operator": "is", "value": "gold"}, ticket)


def test_all_and_any(ticket):
    yes = {"field": "ticket.status", "operator": "is", "value": "new"}
    no = {"field": "ticket.status", "operator": "is", "value": "open"}
    now = clock.now()
    assert c.matches({"all": [yes], "any": [no, yes]}, _facts(ticket), now)
    assert not c.matches({"all": [yes], "any": [no]}, _facts(ticket), now)
    assert not c.matches({"all": [yes, no], "any": []}, _facts(ticket), now)
    assert c.matches({"all": [], "any": []}, _facts(ticket), now)


def test_sla_within_hours(ticket):
    ticket.sla_due_at = clock.now() + timedelta(minutes=30)
    assert check({"field": "ticket.sla_due", "operator": "within_hours", "value": 1}, ticket)
    assert not check({"field": "ticket.sla_due", "operator": "within_hours", "value": 0}, ticket)
