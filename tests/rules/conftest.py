"""Helpers for rule tests: triggers and automations made through the services."""

from __future__ import annotations

import pytest

from fyr.rules import services as rules
from fyr.tickets.models import TicketEvent


def subject_contains(text: str) -> dict:
    return {"all": [{"field": "ticket.subject", "operator": "contains", "value": text}]}


@pytest.fixture
def make_trigger(db):
    def make(actions, conditions=None, *, run_on=("created",), name="Trigger", **kwargs):
        return rules.create_trigger(
            name=name,
            run_on=list(run_on),
            conditions=conditions or {"all": [], "any": []},
            actions=actions,
            **kwargs,
        )

    return make


@pytest.fixture
def make_automation(db):
    def make(actions, conditions, *, name="Automation", **kwargs):
        return rules.create_automation(name=name, conditions=conditions, actions=actions, **kwargs)

    return make


def events_of(ticket, kind) -> list[TicketEvent]:
    return list(TicketEvent.objects.filter(ticket=ticket, kind=kind).order_by("id"))


def tags_of(ticket) -> list[str]:
    return sorted(ticket.tags.values_list("name", flat=True))
