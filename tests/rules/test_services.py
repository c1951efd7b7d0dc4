"""Saving rules: one validator for every door, the cache forgotten on save, order kept."""

from __future__ import annotations

import pytest

from fyr.rules import services as rules
from fyr.rules.conditions import RuleInvalid
from fyr.rules.models import Trigger

ACTIONS = [{"type": "add_tags", "value": ["x"]}]


def test_paths_name_the_part(db):
    with pytest.raises(RuleInvalid) as info:
        rules.create_trigger(
            name="",
            run_on=[],
            conditions={"all": [{"field": "x", "operator": "is"}]},
            actions=[{"type": "add_note", "body": ""}],
        )
    assert {e.path for e in info.value.errors} == {("name",)}
    with pytest.raises(RuleInvalid) as info:
        rules.create_trigger(
            name="T",
            run_on=[],
            conditions={"all": [{"field": "x", "operator": "is"}]},
            actions=[{"type": "add_note", "body": ""}],
        )
    assert {e.path for e in info.value.errors} == {
        ("run_on",),
        ("conditions", "all", 0, "field"),
        ("actions", 0, "body"),
    }
    assert not Trigger.objects.exists()


def test_new_rules_go_last_and_move_swaps_neighbours(db):
    a = rules.create_trigger(name="A", run_on=["created"], conditions={}, actions=ACTIONS)
    b = rules.create_trigger(name="B", run_on=["created"], conditions={}, actions=ACTIONS)
    c = rules.create_trigger(name="C", run_on=["created"], conditions={}, actions=ACTIONS)
    assert [a.position, b.position, c.position] == [0, 1, 2]
    rules.move(c, offset=-1)
    rules.move(a, offset=-1)  # already first: nothing happens
    assert [t.name for t in Trigger.objects.order_by("position")] == ["A", "C", "B"]
    assert [t.name for t in rules.active_triggers()] == ["A", "C", "B"]


def test_saving_forgets_the_cached_rules(db):
    assert rules.active_triggers() == []
    trigger = rules.create_trigger(name="A", run_on=["created"], conditions={}, actions=ACTIONS)
    assert [t.id for t in rules.active_triggers()] == [trigger.pk]
    rules.update_rule(trigger, run_on=["updated"])
    assert rules.active_triggers()[0].run_on == frozenset({"updated"})
    rules.set_active(trigger, False)
    assert rules.active_triggers() == []
    rules.delete_rule(trigger)
    assert rules.active_automations() == []


def test_a_rule_whose_agent_left_can_still_be_switched_off(agent):
    trigger = rules.create_trigger(
        name="To Agnes",
        run_on=["created"],
        conditions={},
        actions=[{"type": "set_assignee", "value": agent.pk}],
    )
    agent.is_active = False
    agent.save()
    rules.update_rule(trigger, active=False, name="Old")
    assert Trigger.objects.get().active is False
    with pytest.raises(RuleInvalid):
        rules.update_rule(trigger, actions=[{"type": "set_assignee", "value": agent.pk}])


def test_light_agents_cannot_be_assigned_by_rules(light_agent):
    with pytest.raises(RuleInvalid):
        rules.create_trigger(
            name="T",
            run_on=["created"],
            conditions={},
            actions=[{"type": "set_assignee", "value": light_agent.pk}],
        )
