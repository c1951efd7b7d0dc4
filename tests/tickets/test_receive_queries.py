"""Statement budgets of ``receive``, the path every incoming message takes (``bench/mail.py``).

Each statement on this path costs more in Python than in the database, so the count is pinned:
a change that adds one shows up here, not as a slower import weeks later. The budgets are for a
warm process (the first message also loads configuration the observers cache), with no SLA
policy, routing or trigger configured. Tests run inside a transaction, so ``receive``'s own
transaction shows as a SAVEPOINT/RELEASE pair (BEGIN/COMMIT outside tests).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape, urlize

from fyr.tickets import hooks, html, services
from fyr.tickets.choices import EventKind, Status
from fyr.tickets.inbound import InboundAttachment, ThreadHints
from fyr.tickets.models import Ticket, TicketEvent
from tests.conftest import inbound_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def warm(customer):
    """One message received first, so caches the observers fill are filled."""
    return services.receive(inbound_email(external_id="<warm@x>"))


def _statements(capture: CaptureQueriesContext) -> list[str]:
    """Each statement's verb (PostgreSQL writes a search document as ``WITH … INSERT``)."""
    verbs = [query["sql"].split()[0].upper() for query in capture.captured_queries]
    return ["INSERT" if verb == "WITH" else verb for verb in verbs]


def test_a_new_ticket_from_a_new_sender_takes_sixteen_statements(warm):
    with CaptureQueriesContext(connection) as capture:
        result = services.receive(inbound_email("ny@kund.se", external_id="<new@x>"))
    assert result.created_ticket
    # duplicate probe; identity; contact + identity + its search document in a savepoint (with
    # the organization by domain); ticket number; ticket; message; both events in one INSERT;
    # the search documents of the ticket and the message. No closing UPDATE.
    assert _statements(capture) == [
        "SELECT",
        "SAVEPOINT",
        "SELECT",
        "SAVEPOINT",
        "SELECT",
        "INSERT",
        "INSERT",
        "INSERT",
        "RELEASE",
        "UPDATE",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "RELEASE",
    ]


def test_a_new_ticket_from_a_known_sender_takes_eleven_statements(warm, django_assert_num_queries):
    with django_assert_num_queries(11):  # nine, and the ticket's and message's search documents
        result = services.receive(inbound_email(external_id="<second@x>"))
    assert result.created_ticket and result.ticket.requester_id == warm.ticket.requester_id


def test_a_reply_takes_eleven_statements(warm, django_assert_num_queries):
    hints = ThreadHints(reply_to=("<warm@x>",))
    with django_assert_num_queries(11):  # ten, and the message's search document
        result = services.receive(inbound_email(external_id="<reply@x>", thread=hints))
    assert result.ticket.pk == warm.ticket.pk and not result.created_ticket


def test_an_attachment_adds_five_statements(warm, django_assert_num_queries):
    attachment = InboundAttachment("faktura.pdf", "application/pdf", b"%PDF-1.4 ...")
    with django_assert_num_queries(11 + 5):  # stored file: probe, savepoint, row; attachment row
        services.receive(inbound_email(external_id="<att@x>", attachments=(attachment,)))


def test_a_duplicate_takes_two_statements(warm, django_assert_num_queries):
    with django_assert_num_queries(2):
        again = services.receive(inbound_email(external_id="<warm@x>"))
    assert again.duplicate and again.message.pk == warm.message.pk


def test_a_new_ticket_is_written_whole_as_version_one(customer):
    result = services.receive(inbound_email(external_id="<whole@x>"))
    stored = Ticket.objects.get(pk=result.ticket.pk)
    assert stored.version == result.ticket.version == 1
    assert stored.status == Status.NEW
    assert stored.last_customer_message_at == result.message.created_at == stored.created_at
    assert stored.updated_at == result.ticket.updated_at


def test_a_reply_saves_the_ticket_as_the_next_version(warm):
    hints = ThreadHints(reply_to=("<warm@x>",))
    result = services.receive(inbound_email(external_id="<next@x>", thread=hints))
    stored = Ticket.objects.get(pk=warm.ticket.pk)
    assert stored.version == result.ticket.version == 2
    assert stored.last_customer_message_at == result.message.created_at


def test_observers_get_the_changes_events_written_with_ids(customer):
    seen: list[list[tuple[int | None, str]]] = []
    saved = list(hooks._observers)
    hooks.observe("test", lambda c: seen.append([(e.pk, e.kind) for e in c.events]), order=99)
    try:
        result = services.receive(inbound_email(external_id="<ids@x>"))
    finally:
        hooks._observers[:] = saved
    stored = list(
        TicketEvent.objects.filter(ticket=result.ticket).order_by("id").values_list("pk", "kind")
    )
    assert seen == [stored]
    assert [kind for _pk, kind in stored] == [EventKind.CREATED, EventKind.MESSAGE_RECEIVED]
    assert TicketEvent.objects.get(kind=EventKind.MESSAGE_RECEIVED).message_id == (
        result.message.pk
    )


def test_an_event_recorded_on_the_ticket_after_the_change_is_written_at_once(customer, agent):
    result = services.receive(inbound_email(external_id="<late@x>"))
    event = services.events.record(
        result.ticket, EventKind.NOTE_ADDED, services.Actor.of_agent(agent)
    )
    assert event.pk is not None and TicketEvent.objects.filter(pk=event.pk).exists()


def _linked_whole(text: str) -> str:
    """``text_to_html`` as it was: the whole text through urlize when anything is linkable."""
    if not text:
        return ""
    if html._LINKABLE.search(text):
        linked = urlize(text, nofollow=True, autoescape=True)
    else:
        linked = escape(text)
    return linked.replace("\r\n", "\n").replace("\n", "<br>\n")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hej!\nInget att länka här.",
        "Se https://fyr.se/a?b=1&c=<2> och www.fyr.se.\r\nSkriv till <kund@kund.se>",
        "Den 3 mars skrev Fyr <support@fyr.bench>:\n> Hej!\n\n\nfoo.org/path, 'citat' & \"mer\"",
        "ensam\rradbrytning @ och .com",
    ],
)
def test_text_to_html_links_line_by_line_with_the_same_result_as_the_whole_text(text):
    assert html.text_to_html(text) == _linked_whole(text)
