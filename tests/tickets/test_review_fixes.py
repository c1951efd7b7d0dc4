"""Behaviours a code review found missing: each of these once failed."""

from __future__ import annotations

from fyr.tickets import channels, html, services
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Message, TicketEvent
from fyr.tickets.tasks import deliver_message
from tests.conftest import inbound_email


def test_subjects_are_one_line_so_mail_headers_accept_them(ticket, agent, customer):
    received = services.receive(
        inbound_email(subject="Faktura\nfel\r\n  igen", external_id="<nl@x>")
    )
    assert received.ticket.subject == "Faktura fel igen"
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"subject": "Ny\nrad"})
    ticket.refresh_from_db()
    assert ticket.subject == "Ny rad"


def test_a_change_that_changes_nothing_keeps_the_version_and_records_nothing(ticket, agent):
    actor = Actor.of_agent(agent)
    services.change_ticket(ticket, actor=actor, changes={"tags": ["faktura"]})
    ticket.refresh_from_db()
    version, events = ticket.version, TicketEvent.objects.count()
    services.change_ticket(
        ticket, actor=actor, changes={"tags": ["faktura"], "status": ticket.status}
    )
    services.add_tags(ticket, ["Faktura"], actor=actor)
    ticket.refresh_from_db()
    assert (ticket.version, TicketEvent.objects.count()) == (version, events)


def test_tags_added_through_a_stale_object_keep_the_other_agents_tags(ticket, agent, colleague):
    stale = type(ticket).objects.get(pk=ticket.pk)
    services.add_tags(ticket, ["faktura"], actor=Actor.of_agent(colleague))
    services.add_tags(stale, ["vip"], actor=Actor.of_agent(agent))
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["faktura", "vip"]


def test_delivery_runs_once_however_often_the_task_runs(ticket, agent, monkeypatch):
    sent = []

    class Recorder:
        def deliver(self, message):
            sent.append(message.pk)
            return None

    monkeypatch.setitem(channels._adapters, "email", Recorder())
    message = services.reply(ticket, author=agent, body="Svar")  # on_commit not run in this test
    assert message.delivery_status == "queued"
    assert deliver_message.call(message.pk) == "sent"
    assert deliver_message.call(message.pk) == "skipped"
    assert sent == [message.pk]


def test_failed_delivery_gives_the_ticket_a_new_version(ticket, agent, monkeypatch):
    class Broken:
        def deliver(self, message):
            raise ConnectionError("smtp down")

    monkeypatch.setitem(channels._adapters, "email", Broken())
    message = services.reply(ticket, author=agent, body="Svar")
    ticket.refresh_from_db()
    before = ticket.version
    assert deliver_message.call(message.pk) == "failed"
    ticket.refresh_from_db()
    assert ticket.version == before + 1
    assert Message.objects.get(pk=message.pk).delivery_status == "failed"


def test_a_note_can_set_the_status_in_the_same_change(ticket, agent):
    version = ticket.version
    services.add_note(ticket, author=agent, body="Väntar på leverantören", status=Status.ON_HOLD)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version) == (Status.ON_HOLD, version + 1)
    kinds = list(ticket.events.order_by("-id").values_list("kind", flat=True)[:2])
    assert kinds == [EventKind.STATUS_CHANGED, EventKind.NOTE_ADDED]


def test_remote_images_are_blocked_and_embedded_ones_kept():
    cleaned = html.sanitize(
        '<img src="https://track.example/p.gif" alt="x"><img src="cid:logo">'
        '<img src="data:image/png;base64,AAAA"><img src="file:///etc/passwd">'
    )
    assert cleaned == (
        '<img data-remote-src="https://track.example/p.gif" alt="x"><img src="cid:logo"><img><img>'
    )
    assert html.has_remote_images(cleaned)


def test_a_reply_to_a_closed_ticket_gives_it_a_new_version(ticket, agent):
    from fyr.tickets.inbound import ThreadHints

    actor = Actor.of_agent(agent)
    services.change_ticket(ticket, actor=actor, changes={"status": "solved"})
    services.change_ticket(ticket, actor=actor, changes={"status": "closed"})
    ticket.refresh_from_db()
    before = ticket.version
    services.receive(
        inbound_email(external_id="<late@x>", thread=ThreadHints(ticket_number=ticket.number))
    )
    ticket.refresh_from_db()
    assert ticket.version == before + 1
    assert ticket.events.filter(kind=EventKind.FOLLOW_UP_CREATED).count() == 1
