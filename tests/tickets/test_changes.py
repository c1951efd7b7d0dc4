from __future__ import annotations

from datetime import UTC

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.tickets import services
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Message, TicketEvent


def test_change_ticket_records_one_event_per_field_and_bumps_version_once(ticket, agent):
    version = ticket.version
    services.change_ticket(
        ticket,
        actor=Actor.of_agent(agent),
        changes={"priority": "high", "type": "incident", "assignee": agent},
        expected_version=version,
    )
    ticket.refresh_from_db()
    assert ticket.version == version + 1
    assert (ticket.priority, ticket.priority_rank, ticket.type) == ("high", 3, "incident")
    kinds = list(ticket.events.order_by("id").values_list("kind", flat=True))[-3:]
    assert kinds == [EventKind.PRIORITY_CHANGED, EventKind.TYPE_CHANGED, EventKind.ASSIGNEE_CHANGED]


def test_stale_version_is_refused_and_changes_nothing(ticket, agent, colleague):
    seen = ticket.version
    services.change_ticket(ticket, actor=Actor.of_agent(colleague), changes={"priority": "low"})
    events_before = TicketEvent.objects.count()
    with pytest.raises(services.StaleVersion):
        services.change_ticket(
            ticket,
            actor=Actor.of_agent(agent),
            changes={"priority": "urgent"},
            expected_version=seen,
        )
    ticket.refresh_from_db()
    assert ticket.priority == "low"
    assert TicketEvent.objects.count() == events_before


def test_reply_with_stale_version_is_refused(ticket, agent, colleague):
    seen = ticket.version
    services.add_note(ticket, author=colleague, body="Jag tar den")
    with pytest.raises(services.StaleVersion):
        services.reply(ticket, author=agent, body="Hej!", expected_version=seen)
    assert not Message.objects.filter(body_text="Hej!").exists()


def test_closed_is_final(ticket, agent):
    actor = Actor.of_agent(agent)
    services.change_ticket(ticket, actor=actor, changes={"status": Status.SOLVED})
    services.change_ticket(ticket, actor=actor, changes={"status": Status.CLOSED})
    with pytest.raises(ValidationError):
        services.change_ticket(ticket, actor=actor, changes={"status": Status.OPEN})
    with pytest.raises(ValidationError):
        services.reply(ticket, author=agent, body="Hej igen")
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.closed_at is not None


def test_new_ticket_cannot_jump_to_closed(ticket, agent):
    with pytest.raises(ValidationError):
        services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"status": "closed"})


def test_first_public_reply_sets_first_response_and_opens_new_ticket(ticket, agent):
    services.add_note(ticket, author=agent, body="intern")
    ticket.refresh_from_db()
    assert ticket.first_responded_at is None
    message = services.reply(ticket, author=agent, body="Hej Karin!")
    ticket.refresh_from_db()
    assert ticket.first_responded_at == message.created_at
    assert ticket.status == Status.OPEN


def test_light_agent_may_add_notes_but_not_reply_or_edit(ticket, light_agent):
    services.add_note(ticket, author=light_agent, body="En notering")
    with pytest.raises(PermissionDenied):
        services.reply(ticket, author=light_agent, body="Publikt svar")
    with pytest.raises(PermissionDenied):
        services.change_ticket(
            ticket, actor=Actor.of_agent(light_agent), changes={"priority": "low"}
        )
    assert list(ticket.messages.values_list("kind", flat=True)) == ["reply", "note"]
    ticket.refresh_from_db()
    assert ticket.priority == "normal"


def test_tags_are_normalised_and_replaced(ticket, agent):
    actor = Actor.of_agent(agent)
    services.change_ticket(
        ticket, actor=actor, changes={"tags": ["Faktura", " sen leverans ", "faktura"]}
    )
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["faktura", "sen-leverans"]
    services.remove_tags(ticket, ["FAKTURA"], actor=actor)
    assert list(ticket.tags.values_list("name", flat=True)) == ["sen-leverans"]


def test_assigning_an_agent_of_another_team_moves_the_ticket(ticket, agent, outsider, billing):
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"assignee": outsider})
    ticket.refresh_from_db()
    assert ticket.team_id == billing.pk and ticket.assignee_id == outsider.pk


def test_merge_tickets_moves_messages_and_closes_source(customer, agent, support):
    from tests.conftest import inbound_email

    first = services.receive(inbound_email(external_id="<m1@x>", team_id=support.pk)).ticket
    second = services.receive(inbound_email(external_id="<m2@x>", subject="Samma fråga")).ticket
    services.merge_tickets(second, first, actor=Actor.of_agent(agent))
    second.refresh_from_db()
    assert second.status == Status.CLOSED and second.merged_into_id == first.pk
    assert first.messages.count() == 2 and second.messages.count() == 0
    # a later reply to the merged ticket's message threads into the target
    from fyr.tickets.inbound import ThreadHints

    again = services.receive(
        inbound_email(external_id="<m3@x>", thread=ThreadHints(ticket_number=second.number))
    )
    assert again.ticket.pk == first.pk


def test_merge_contacts_moves_identities_and_tickets(ticket, customer, agent):
    from fyr.customers import services as customers

    duplicate = customers.create_contact(name="K. Kund", email="karin.privat@example.se")
    services.merge_contacts(customer, duplicate, actor=Actor.of_agent(agent))
    ticket.refresh_from_db()
    customer.refresh_from_db()
    assert ticket.requester_id == duplicate.pk
    assert customer.merged_into_id == duplicate.pk
    assert sorted(duplicate.identities.values_list("value", flat=True)) == [
        "karin.privat@example.se",
        "karin@acme.se",
    ]
    assert ticket.events.filter(kind=EventKind.REQUESTER_CHANGED).count() == 1


def test_ticket_numbers_are_sequential(customer):
    from tests.conftest import inbound_email

    numbers = [
        services.receive(inbound_email(external_id=f"<n{i}@x>")).ticket.number for i in range(3)
    ]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_reply_is_delivered_through_the_channel_adapter(
    ticket, agent, django_capture_on_commit_callbacks, monkeypatch
):
    from fyr.tickets import channels

    sent = []

    class Recorder:
        def deliver(self, message):
            sent.append(message.pk)
            return "<out@fyr>"

    monkeypatch.setitem(channels._adapters, "email", Recorder())  # restored after the test
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(ticket, author=agent, body="Svar")
    message.refresh_from_db()
    assert sent == [message.pk]
    assert (message.delivery_status, message.external_id) == ("sent", "<out@fyr>")


def test_failed_delivery_is_recorded_as_event(
    ticket, agent, django_capture_on_commit_callbacks, monkeypatch
):
    from fyr.tickets import channels

    class Broken:
        def deliver(self, message):
            raise ConnectionError("smtp down")

    monkeypatch.setitem(channels._adapters, "email", Broken())  # restored after the test
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(ticket, author=agent, body="Svar")
    message.refresh_from_db()
    assert message.delivery_status == "failed" and "smtp down" in message.delivery_error
    assert ticket.events.filter(kind=EventKind.DELIVERY_FAILED).count() == 1


def test_clock_replays_history(customer):
    from datetime import datetime

    from fyr.core import clock
    from tests.conftest import inbound_email

    then = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    with clock.at(then):
        ticket = services.receive(inbound_email(external_id="<old@x>")).ticket
    assert ticket.created_at == then
    assert set(ticket.events.values_list("created_at", flat=True)) == {then}
