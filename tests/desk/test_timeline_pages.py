"""The ticket page shows the latest messages; "Load earlier messages" fetches the ones before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fyr.tickets import services
from fyr.tickets.choices import Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import InboundAttachment
from fyr.tickets.inbox import TIMELINE_PAGE
from fyr.tickets.models import Message

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_notes(ticket, author, count, *, start=0, files=False):
    for n in range(start, start + count):
        services.add_note(
            ticket,
            author=author,
            body=f"note-{n:03d}",
            attachments=(InboundAttachment(f"f{n}.txt", "text/plain", b"x%d" % n),)
            if files
            else (),
        )


def notes_in(html: str) -> list[str]:
    return re.findall(r"note-\d{3}", html)


def earlier_url(html: str) -> str | None:
    found = re.search(r'hx-get="([^"]*/earlier/\?before=[^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def page(client, ticket, **extra):
    return client.get(reverse("desk:ticket", args=[ticket.number]), **extra)


def test_short_ticket_shows_everything_without_the_control(client, agent, colleague, ticket):
    add_notes(ticket, colleague, 5)
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    assert notes_in(html) == [f"note-{n:03d}" for n in range(5)]
    assert "Hej! Min faktura stämmer inte." in html
    assert "Load earlier messages" not in html


def test_long_ticket_shows_the_latest_messages_and_loads_earlier_ones_in_order(
    client, agent, colleague, ticket
):
    add_notes(ticket, colleague, TIMELINE_PAGE + 24)  # 1 inbound message + 64 notes
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    assert notes_in(html) == [f"note-{n:03d}" for n in range(24, 64)]
    assert "Load earlier messages" in html
    assert "Hej! Min faktura stämmer inte." not in html

    response = client.get(earlier_url(html), **HTMX)
    assert response.status_code == 200
    earlier = response.content.decode()
    assert 'id="timeline"' not in earlier  # only the entries: they replace the control
    # The rest, oldest first, up to the message before the first one shown: nothing twice.
    assert "Hej! Min faktura stämmer inte." in earlier
    assert notes_in(earlier) == [f"note-{n:03d}" for n in range(24)]
    assert earlier.index("Hej! Min faktura") < earlier.index("note-000")
    assert earlier_url(earlier) is None


def test_pages_walk_back_to_the_first_message_across_equal_timestamps(
    client, agent, colleague, ticket
):
    add_notes(ticket, colleague, 2 * TIMELINE_PAGE + 5)
    # Every message at the same instant: the keyset falls back on the id, nothing is lost.
    Message.objects.filter(ticket=ticket).update(created_at=timezone.now() - timedelta(hours=1))
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    seen = notes_in(html)
    url = earlier_url(html)
    pages = 1
    while url:
        chunk = client.get(url, **HTMX).content.decode()
        seen = notes_in(chunk) + seen
        url = earlier_url(chunk)
        pages += 1
    assert pages == 3
    assert seen == [f"note-{n:03d}" for n in range(2 * TIMELINE_PAGE + 5)]


def test_each_event_shows_in_the_window_of_its_time(client, agent, colleague, ticket):
    add_notes(ticket, colleague, 10)
    services.change_ticket(ticket, actor=Actor.of_agent(colleague), changes={"status": Status.OPEN})
    add_notes(ticket, colleague, TIMELINE_PAGE, start=10)
    services.change_ticket(
        ticket, actor=Actor.of_agent(colleague), changes={"status": Status.PENDING}
    )
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    assert "changed status from Open to Pending" in html
    assert "changed status from New to Open" not in html
    earlier = client.get(earlier_url(html), **HTMX).content.decode()
    assert "changed status from New to Open" in earlier
    assert "changed status from Open to Pending" not in earlier
    assert earlier.index("note-009") < earlier.index("changed status from New to Open")


def test_outsider_cannot_load_earlier_messages(client, agent, outsider, colleague, ticket):
    add_notes(ticket, colleague, TIMELINE_PAGE + 2)
    client.force_login(agent)
    url = earlier_url(page(client, ticket).content.decode())
    client.force_login(outsider)
    assert client.get(url, **HTMX).status_code == 404


def test_invalid_cursor_is_a_bad_request(client, agent, ticket):
    client.force_login(agent)
    url = reverse("desk:ticket_earlier", args=[ticket.number]) + "?before=not-a-cursor"
    assert client.get(url, **HTMX).status_code == 400


def test_without_javascript_the_control_shows_the_whole_conversation(
    client, agent, colleague, ticket
):
    add_notes(ticket, colleague, TIMELINE_PAGE + 3)
    client.force_login(agent)
    html = page(client, ticket).content.decode()
    url = earlier_url(html)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("?messages=all")
    whole = client.get(response["Location"]).content.decode()
    assert notes_in(whole) == [f"note-{n:03d}" for n in range(TIMELINE_PAGE + 3)]
    assert "Load earlier messages" not in whole


@pytest.mark.parametrize("extra", [0, 45])
def test_page_and_earlier_queries_do_not_grow_with_messages(
    client, agent, colleague, ticket, django_assert_max_num_queries, extra
):
    add_notes(ticket, colleague, TIMELINE_PAGE + 5 + extra, files=True)
    client.force_login(agent)
    with django_assert_max_num_queries(30):
        html = page(client, ticket).content.decode()
    assert html.count('class="attachments"') == TIMELINE_PAGE
    with django_assert_max_num_queries(12):
        earlier = client.get(earlier_url(html), **HTMX).content.decode()
    assert earlier.count("📎") == min(TIMELINE_PAGE, 5 + extra)


def test_query_count_is_the_same_for_long_and_short_tickets(
    client, agent, colleague, ticket, support
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.desk.conftest import make_ticket

    short = make_ticket(support, subject="Kort", n=2)
    add_notes(short, colleague, 3, files=True)
    add_notes(ticket, colleague, 3 * TIMELINE_PAGE, files=True)
    client.force_login(agent)
    page(client, short)  # warm the session and caches
    counts = []
    for each in (short, ticket):
        with CaptureQueriesContext(connection) as queries:
            assert page(client, each).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
