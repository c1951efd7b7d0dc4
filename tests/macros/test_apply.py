"""Applying a macro: text for the composer, field changes in one version, events, usage."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.accounts import services as accounts
from fyr.core import clock
from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro
from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import ActorKind, EventKind, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket, TicketEvent


@pytest.fixture
def busy(admin, billing):
    """A shared macro that changes everything it can."""
    return macros.create_macro(
        by=admin,
        name="Faktura: kreditering",
        visibility=Visibility.SHARED,
        text="Hej {{ contact.first_name }}, vi krediterar fakturan. /{{ agent.first_name }}",
        changes={
            "status": "pending",
            "priority": "high",
            "type": "incident",
            "tier": 2,
            "team": billing.pk,
            "assignee": "me",
            "add_tags": ["faktura", "Kreditering"],
            "remove_tags": ["ny"],
        },
    )


def test_apply_changes_fields_in_one_version(ticket, busy, admin, billing):
    tickets.add_tags(ticket, ["ny", "behåll"], actor=Actor.of_agent(admin))
    ticket.refresh_from_db()
    version = ticket.version

    applied = macros.apply(busy, ticket, agent=admin, expected_version=version)

    saved = Ticket.objects.get(pk=ticket.pk)
    assert applied.ticket.version == saved.version == version + 1
    assert applied.changed
    assert (saved.status, saved.priority, saved.type, saved.tier) == (
        "pending",
        "high",
        "incident",
        2,
    )
    assert (saved.team_id, saved.assignee_id) == (billing.pk, admin.pk)
    assert sorted(saved.tags.values_list("name", flat=True)) == [
        "behåll",
        "faktura",
        "kreditering",
    ]


def test_apply_events_name_the_macro_and_the_agent(ticket, busy, admin):
    start = TicketEvent.objects.filter(ticket=ticket).count()

    macros.apply(busy, ticket, agent=admin)

    new = list(TicketEvent.objects.filter(ticket=ticket).order_by("id")[start:])
    rule = {"kind": "macro", "id": busy.pk, "name": "Faktura: kreditering"}
    assert new[0].kind == EventKind.MACRO_APPLIED
    assert new[0].data["macro"] == {"id": busy.pk, "name": "Faktura: kreditering"}
    assert new[0].data["fields"] == sorted(busy.changes)
    assert {e.kind for e in new[1:]} >= {
        EventKind.STATUS_CHANGED,
        EventKind.PRIORITY_CHANGED,
        EventKind.TYPE_CHANGED,
        EventKind.TIER_CHANGED,
        EventKind.TEAM_CHANGED,
        EventKind.ASSIGNEE_CHANGED,
        EventKind.TAGS_CHANGED,
    }
    for event in new:
        assert event.data["rule"] == rule
        assert (event.actor_kind, event.actor_agent_id) == (ActorKind.AGENT, admin.pk)


def test_apply_is_one_change_for_the_observers(ticket, busy, admin):
    seen: list[hooks.Change] = []
    hooks.observe("test-macros", seen.append, order=99)
    try:
        macros.apply(busy, ticket, agent=admin)
    finally:
        hooks._observers[:] = [o for o in hooks._observers if o[1] != "test-macros"]
    assert len(seen) == 1
    assert seen[0].actor.rule is not None and seen[0].actor.rule.kind == "macro"


def test_apply_renders_text_after_the_changes(ticket, admin, billing):
    macro = macros.create_macro(
        by=admin,
        name="Flytta",
        visibility=Visibility.SHARED,
        text="{{ contact.first_name }}: {{ team.name }} / {{ ticket.status }} / {{ agent.name }}",
        changes={"team": billing.pk, "status": "pending"},
    )

    applied = macros.apply(macro, ticket, agent=admin)

    assert applied.text == "Karin: Billing / Pending / Astrid Admin"
    assert applied.internal is False


def test_usage_counted(ticket, shared, agent):
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    with clock.at(moment):
        macros.apply(shared, ticket, agent=agent)
    macros.apply(shared, ticket, agent=agent)

    shared.refresh_from_db()
    assert shared.usage_count == 2
    assert shared.last_used_at is not None and shared.last_used_at > moment


def test_text_only_macro_changes_no_version(ticket, shared, agent):
    version = ticket.version

    applied = macros.apply(shared, ticket, agent=agent, expected_version=version - 1 or None)

    assert applied.text == "Hej Karin!\n\nTack för ditt tålamod.\n\nAgnes Agent"
    assert not applied.changed
    assert Ticket.objects.get(pk=ticket.pk).version == version
    assert ticket.events.filter(kind=EventKind.MACRO_APPLIED).count() == 1


def test_stale_version_changes_nothing(ticket, team_macro, agent, colleague):
    version = ticket.version
    tickets.change_ticket(ticket, actor=Actor.of_agent(colleague), changes={"priority": "low"})

    with pytest.raises(tickets.StaleVersion):
        macros.apply(team_macro, ticket, agent=agent, expected_version=version)

    ticket.refresh_from_db()
    assert ticket.status == Status.NEW
    assert not ticket.events.filter(kind=EventKind.MACRO_APPLIED).exists()
    assert Macro.objects.get(pk=team_macro.pk).usage_count == 0


def test_invalid_transition_changes_nothing(ticket, admin, agent):
    macro = macros.create_macro(by=agent, name="Stäng", changes={"status": "closed"})

    with pytest.raises(ValidationError):
        macros.apply(macro, ticket, agent=agent)

    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
    assert not ticket.events.filter(kind=EventKind.MACRO_APPLIED).exists()
    assert Macro.objects.get(pk=macro.pk).usage_count == 0


def test_outsider_cannot_apply_team_macro(ticket, team_macro, outsider):
    with pytest.raises(PermissionDenied):
        macros.apply(team_macro, ticket, agent=outsider)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_nobody_applies_another_agents_personal_macro(ticket, personal, colleague, admin):
    for user in (colleague, admin):
        with pytest.raises(PermissionDenied):
            macros.apply(personal, ticket, agent=user)


def test_light_agent_applies_note_macro_only(ticket, light_agent, shared, team_macro, admin):
    note = macros.create_macro(
        by=admin,
        name="Intern",
        visibility=Visibility.SHARED,
        text="Kollat av {{ agent.first_name }}",
        internal=True,
    )

    applied = macros.apply(note, ticket, agent=light_agent)

    assert (applied.text, applied.internal) == ("Kollat av Lisa", True)
    for refused in (shared, team_macro):  # a public reply; a field change
        with pytest.raises(PermissionDenied):
            macros.apply(refused, ticket, agent=light_agent)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW


def test_assign_to_me_moves_to_my_team(ticket, outsider, billing):
    macro = macros.create_macro(by=outsider, name="Ta", changes={"assignee": "me"})

    macros.apply(macro, ticket, agent=outsider)

    ticket.refresh_from_db()
    assert (ticket.assignee_id, ticket.team_id) == (outsider.pk, billing.pk)


def test_deleted_team_is_a_clear_error(ticket, admin):
    gone = accounts.get_or_create_team("Gamla")
    macro = macros.create_macro(by=admin, name="Flytta", changes={"team": gone.pk})
    gone.delete()

    with pytest.raises(ValidationError, match="no longer exists"):
        macros.apply(macro, ticket, agent=admin)


def test_deactivated_assignee_refused_when_applied(ticket, admin, colleague):
    macro = macros.create_macro(by=admin, name="Till Kalle", changes={"assignee": colleague.pk})
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])

    with pytest.raises(ValidationError):
        macros.apply(macro, ticket, agent=admin)
    assert Ticket.objects.get(pk=ticket.pk).assignee_id is None


def test_apply_query_budget(ticket, busy, admin, django_assert_max_num_queries):
    ticket = Ticket.objects.get(pk=ticket.pk)
    with django_assert_max_num_queries(40):
        macros.apply(busy, ticket, agent=admin)
