"""/api/v1/tickets: listing, filtering, paging, opening, changing, conversing, auditing."""

from __future__ import annotations

import datetime as dt

import pytest

from fyr.tickets import services
from fyr.tickets.choices import Channel, EventKind, MessageKind, Status
from fyr.tickets.events import Actor
from fyr.tickets.inbound import InboundAttachment, ThreadHints
from fyr.tickets.models import Ticket
from tests.api.conftest import field_errors, snapshot
from tests.conftest import inbound_email


def open_many(count, *, requester, actor, team=None, tags=("faktura",)):
    return [
        services.open_ticket(
            actor=actor,
            requester=requester,
            subject=f"Ärende {index}",
            body="Hej",
            from_requester=True,
            team=team,
            tags=tags,
        )
        for index in range(count)
    ]


def walk(client, params):
    """Every page of GET /tickets with ``params``; the ids in order."""
    ids, cursor, pages = [], None, 0
    while True:
        response = client.get("/tickets", {**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages


# --- list ---------------------------------------------------------------------------------------


def test_list_shows_ticket_with_requester_and_tags(agent_api, ticket, agent):
    services.add_tags(ticket, ["Faktura", "VIP"], actor=Actor.of_agent(agent))

    response = agent_api.get("/tickets")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == ticket.pk
    assert item["number"] == ticket.number
    assert item["tags"] == ["faktura", "vip"]
    assert item["requester"] == {
        "id": ticket.requester_id,
        "name": "Karin Kund",
        "email": "karin@acme.se",
    }
    assert item["status"] == "new"
    assert item["version"] == ticket.version


@pytest.mark.parametrize(
    "sort", ["-updated_at", "updated_at", "-created_at", "created_at", "-priority"]
)
def test_cursor_pagination_walks_every_ticket_once(agent_api, agent, customer, support, sort):
    opened = open_many(7, requester=customer, actor=Actor.of_agent(agent), team=support)
    services.change_ticket(opened[3], actor=Actor.of_agent(agent), changes={"priority": "urgent"})

    ids, pages = walk(agent_api, {"limit": 3, "sort": sort})

    assert len(ids) == 7
    assert set(ids) == {t.pk for t in opened}
    assert pages == 3


def test_default_sort_is_most_recently_updated_first(agent_api, agent, customer):
    first, second = open_many(2, requester=customer, actor=Actor.of_agent(agent))
    services.change_ticket(first, actor=Actor.of_agent(agent), changes={"priority": "high"})

    ids, _ = walk(agent_api, {})

    assert ids == [first.pk, second.pk]


def test_priority_sort_puts_urgent_first(agent_api, agent, customer):
    low, urgent = open_many(2, requester=customer, actor=Actor.of_agent(agent))
    services.change_ticket(urgent, actor=Actor.of_agent(agent), changes={"priority": "urgent"})
    services.change_ticket(low, actor=Actor.of_agent(agent), changes={"priority": "low"})

    ids, _ = walk(agent_api, {"sort": "-priority"})

    assert ids == [urgent.pk, low.pk]


def test_filters(agent_api, agent, colleague, customer, stranger, support):
    actor = Actor.of_agent(agent)
    mine, theirs, other = open_many(3, requester=customer, actor=actor, team=support, tags=())
    services.change_ticket(mine, actor=actor, changes={"assignee": agent, "tags": ["vip"]})
    services.change_ticket(
        theirs, actor=actor, changes={"assignee": colleague, "status": "pending"}
    )
    services.change_ticket(other, actor=actor, changes={"requester": stranger, "priority": "high"})

    def ids(**params):
        return {item["id"] for item in agent_api.get("/tickets", params).json()["items"]}

    assert ids(assignee="me") == {mine.pk}
    assert ids(assignee=str(colleague.pk)) == {theirs.pk}
    assert ids(assignee="none") == {other.pk}
    assert ids(status=["pending"]) == {theirs.pk}
    assert ids(status=["pending", "new"]) == {theirs.pk, mine.pk, other.pk}
    assert ids(priority="high") == {other.pk}
    assert ids(requester=stranger.pk) == {other.pk}
    assert ids(tag="VIP") == {mine.pk}
    assert ids(team=support.pk) == {mine.pk, theirs.pk, other.pk}
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    assert ids(updated_since=future) == set()
    assert ids(updated_since="2000-01-01T00:00:00") == {mine.pk, theirs.pk, other.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"priority": "extreme"}, "priority"),
        ({"sort": "subject"}, "sort"),
        ({"assignee": "someone"}, "assignee"),
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WzFd"}, "cursor"),  # valid base64 JSON, wrong shape
    ],
)
def test_bad_list_parameters_are_422_on_the_field(agent_api, ticket, params, field):
    response = agent_api.get("/tickets", params)

    assert response.status_code == 422
    assert field in field_errors(response)


def test_bad_cursor_message(agent_api, ticket):
    response = agent_api.get("/tickets", {"cursor": "garbage!!"})

    assert response.json() == {
        "detail": [
            {
                "type": "value_error",
                "loc": ["query", "cursor"],
                "msg": "The cursor is not valid; start again from the first page",
            }
        ]
    }


def test_list_query_count_does_not_grow_with_tickets(
    client, agent, customer, support, django_assert_max_num_queries
):
    client.force_login(agent)
    actor = Actor.of_agent(agent)
    open_many(5, requester=customer, actor=actor, team=support, tags=("a", "b"))
    with django_assert_max_num_queries(7):
        small = client.get("/api/v1/tickets", {"limit": 100})
    open_many(45, requester=customer, actor=actor, team=support, tags=("a", "b"))
    with django_assert_max_num_queries(7):
        large = client.get("/api/v1/tickets", {"limit": 100})

    assert len(small.json()["items"]) == 5
    assert len(large.json()["items"]) == 50


# --- create -------------------------------------------------------------------------------------


def test_create_with_new_requester_records_customer_message(agent_api, agent, support):
    response = agent_api.post(
        "/tickets",
        {
            "requester": {"email": "Nils@Example.se", "name": "Nils"},
            "subject": "Leverans saknas",
            "body": "Var är mitt paket?",
            "priority": "high",
            "team_id": support.pk,
            "tags": ["Leverans"],
            "custom_fields": {"order": "A-17"},
        },
    )

    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get(pk=body["id"])
    assert body["requester"]["email"] == "nils@example.se"
    assert body["tags"] == ["leverans"]
    assert body["custom_fields"] == {"order": "A-17"}
    assert (ticket.channel, ticket.priority, ticket.team_id) == (Channel.API, "high", support.pk)
    [message] = ticket.messages.all()
    assert message.author_contact_id == ticket.requester_id
    assert message.direction == "inbound"


def test_create_with_existing_requester_as_agent_note(agent_api, agent, customer):
    response = agent_api.post(
        "/tickets",
        {
            "requester_id": customer.pk,
            "subject": "Ring tillbaka",
            "body": "Kunden ringde.",
            "author": "agent",
            "internal": True,
            "assignee_id": agent.pk,
        },
    )

    assert response.status_code == 201
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert ticket.requester_id == customer.pk
    assert ticket.assignee_id == agent.pk
    [message] = ticket.messages.all()
    assert (message.kind, message.author_agent_id) == (MessageKind.NOTE, agent.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"subject": ""}, "subject"),
        ({"priority": "extreme"}, "priority"),
        ({"type": "rant"}, "type"),
        ({"requester": {"email": "not-an-email"}}, "requester.email"),
        ({"team_id": 999999}, "team_id"),
        ({"assignee_id": 999999}, "assignee_id"),
        ({"requester": None, "requester_id": 999999}, "requester_id"),
    ],
)
def test_create_rejects_bad_input_and_saves_nothing(agent_api, customer, changes, field):
    payload = {"requester": {"email": "ny@acme.se"}, "subject": "Hej", "body": "Hjälp", **changes}
    before = snapshot()

    response = agent_api.post("/tickets", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert snapshot() == before


def test_create_needs_exactly_one_requester(agent_api, customer):
    response = agent_api.post("/tickets", {"subject": "Hej", "body": "Hjälp"})

    assert response.status_code == 422
    assert "exactly one of requester and requester_id" in response.json()["detail"][0]["msg"]


def test_create_with_light_agent_as_assignee_is_rolled_back(agent_api, light_agent):
    before = snapshot()

    response = agent_api.post(
        "/tickets",
        {
            "requester": {"email": "ny@acme.se"},
            "subject": "Hej",
            "body": "Hjälp",
            "assignee_id": light_agent.pk,
        },
    )

    assert response.status_code == 422
    assert field_errors(response) == {"assignee": "Light agents cannot be assigned tickets"}
    assert snapshot() == before


# --- read and change ----------------------------------------------------------------------------


def test_get_unknown_ticket_is_404(agent_api, db):
    response = agent_api.get("/tickets/987654")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


def test_patch_changes_only_the_fields_sent(agent_api, ticket, colleague, support):
    response = agent_api.patch(
        f"/tickets/{ticket.pk}",
        {
            "status": "pending",
            "assignee_id": colleague.pk,
            "tags": ["a", "B"],
            "version": ticket.version,
        },
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee_id, ticket.priority) == (
        "pending",
        colleague.pk,
        "normal",
    )
    assert ticket.subject == "Fel på fakturan"
    assert response.json()["tags"] == ["a", "b"]
    assert response.json()["version"] == ticket.version
    kinds = set(ticket.events.values_list("kind", flat=True))
    assert {EventKind.STATUS_CHANGED, EventKind.ASSIGNEE_CHANGED, EventKind.TAGS_CHANGED} <= kinds


def test_patch_null_unassigns(agent_api, ticket, agent):
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"assignee": agent})

    response = agent_api.patch(f"/tickets/{ticket.pk}", {"assignee_id": None})

    assert response.status_code == 200
    assert response.json()["assignee_id"] is None


def test_patch_with_stale_version_is_409_and_changes_nothing(agent_api, ticket, agent):
    stale = ticket.version
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"priority": "high"})
    before = snapshot()

    response = agent_api.patch(f"/tickets/{ticket.pk}", {"subject": "Nytt", "version": stale})

    assert response.status_code == 409
    assert response.json()["current_version"] == stale + 1
    assert snapshot() == before


def test_patch_with_stale_if_match_header_is_409(agent_api, ticket, agent):
    stale = ticket.version
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"priority": "high"})
    before = snapshot()

    response = agent_api.patch(
        f"/tickets/{ticket.pk}", {"subject": "Nytt"}, **{"If-Match": f'"{stale}"'}
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == stale + 1
    assert snapshot() == before


def test_patch_with_current_if_match_header_succeeds(agent_api, ticket):
    response = agent_api.patch(
        f"/tickets/{ticket.pk}", {"subject": "Nytt"}, **{"If-Match": str(ticket.version)}
    )

    assert response.status_code == 200
    assert response.json()["subject"] == "Nytt"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"status": None}, "status"),
        ({"subject": "  "}, "subject"),
        ({"tier": 4}, "tier"),
        ({"team_id": 999999}, "team_id"),
        ({"requester_id": 999999}, "requester_id"),
        ({"version": "x"}, "version"),
    ],
)
def test_patch_rejects_bad_input_and_changes_nothing(agent_api, ticket, payload, field):
    before = snapshot()

    response = agent_api.patch(f"/tickets/{ticket.pk}", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert snapshot() == before


def test_patch_bad_if_match_header_is_422(agent_api, ticket):
    response = agent_api.patch(f"/tickets/{ticket.pk}", {"subject": "Nytt"}, **{"If-Match": "soon"})

    assert response.status_code == 422
    assert field_errors(response) == {"If-Match": "If-Match must be a ticket version number"}


def test_patch_closed_ticket_cannot_reopen(agent_api, ticket, agent):
    actor = Actor.of_agent(agent)
    services.change_ticket(ticket, actor=actor, changes={"status": "solved"})
    services.change_ticket(ticket, actor=actor, changes={"status": "closed"})
    before = snapshot()

    response = agent_api.patch(f"/tickets/{ticket.pk}", {"status": "open"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "A ticket cannot go from Closed to Open"
    assert snapshot() == before


# --- messages and events ------------------------------------------------------------------------


def test_messages_are_oldest_first_with_attachments(agent_api, ticket, customer):
    services.receive(
        inbound_email(
            text="Här är kvittot",
            external_id="<t2@acme.se>",
            thread=ThreadHints(ticket_id=ticket.pk),
            attachments=(InboundAttachment("kvitto.pdf", "application/pdf", b"%PDF-1.4"),),
        )
    )

    response = agent_api.get(f"/tickets/{ticket.pk}/messages")

    items = response.json()["items"]
    assert [m["body_text"] for m in items] == ["Hej! Min faktura stämmer inte.", "Här är kvittot"]
    assert items[1]["attachments"] == [
        {
            "id": items[1]["attachments"][0]["id"],
            "filename": "kvitto.pdf",
            "content_type": "application/pdf",
            "size": 8,
            "inline": False,
        }
    ]


def test_messages_paginate(agent_api, ticket, agent):
    for index in range(4):
        services.add_note(ticket, author=agent, body=f"Anteckning {index}")

    first = agent_api.get(f"/tickets/{ticket.pk}/messages", {"limit": 3}).json()
    second = agent_api.get(
        f"/tickets/{ticket.pk}/messages", {"limit": 3, "cursor": first["next_cursor"]}
    ).json()

    bodies = [m["body_text"] for m in first["items"] + second["items"]]
    assert bodies == ["Hej! Min faktura stämmer inte.", *[f"Anteckning {i}" for i in range(4)]]
    assert second["next_cursor"] is None


def test_reply_with_status_and_version(agent_api, ticket):
    response = agent_api.post(
        f"/tickets/{ticket.pk}/messages",
        {"body": "Löst!", "status": "solved", "version": ticket.version},
    )

    assert response.status_code == 201
    assert response.json()["kind"] == "reply"
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED


def test_reply_with_stale_version_is_409(agent_api, ticket, agent):
    stale = ticket.version
    services.add_note(ticket, author=agent, body="Före")
    before = snapshot()

    response = agent_api.post(f"/tickets/{ticket.pk}/messages", {"body": "Svar", "version": stale})

    assert response.status_code == 409
    assert snapshot() == before


def test_light_agent_adds_internal_note(light_api, ticket, light_agent):
    response = light_api.post(f"/tickets/{ticket.pk}/messages", {"body": "Notis", "internal": True})

    assert response.status_code == 201
    assert response.json()["kind"] == "note"
    assert response.json()["author_agent_id"] == light_agent.pk


def test_light_agent_cannot_reply_publicly(light_api, ticket):
    before = snapshot()

    response = light_api.post(f"/tickets/{ticket.pk}/messages", {"body": "Hej kund"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Light agents can only add internal notes"}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "  "}, "body"),
        ({"body": "x", "internal": True, "status": "bogus"}, "status"),
        ({"body": "x", "status": "bogus"}, "status"),
    ],
)
def test_bad_message_is_422_and_saves_nothing(agent_api, ticket, payload, field):
    before = snapshot()

    response = agent_api.post(f"/tickets/{ticket.pk}/messages", payload)

    assert response.status_code == 422
    assert field in field_errors(response)
    assert snapshot() == before


def test_events_are_the_audit_trail(agent_api, ticket, agent):
    services.change_ticket(ticket, actor=Actor.of_agent(agent), changes={"priority": "high"})

    first = agent_api.get(f"/tickets/{ticket.pk}/events", {"limit": 2}).json()
    second = agent_api.get(
        f"/tickets/{ticket.pk}/events", {"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    kinds = [e["kind"] for e in first["items"] + second["items"]]
    assert kinds == ["created", "message_received", "priority_changed"]
    assert second["items"][0]["data"] == {"before": "normal", "after": "high"}
    assert second["items"][0]["actor_agent_id"] == agent.pk
    assert second["next_cursor"] is None


def test_internal_note_may_set_the_status_in_the_same_change(agent_api, ticket):
    response = agent_api.post(
        f"/tickets/{ticket.pk}/messages",
        {"body": "Väntar på leverantören", "internal": True, "status": "on_hold"},
    )
    assert response.status_code == 201
    ticket.refresh_from_db()
    assert ticket.status == "on_hold"


@pytest.mark.parametrize(
    "query",
    [
        "assignee=511076619795305319047",
        "team=511076619795305319047",
        "requester=-1",
        "team=0",
    ],
)
def test_an_id_out_of_range_is_a_422_not_a_database_overflow(agent_api, query):
    """Found by the schema fuzzer: a 21-digit id overflowed SQLite's integer (a 500)."""
    assert agent_api.get(f"/tickets?{query}").status_code == 422


def test_a_path_id_out_of_range_is_a_422(agent_api):
    assert agent_api.get("/tickets/99999999999999999999999").status_code == 422
