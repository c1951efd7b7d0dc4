"""/api/v1/macros: list, create, get, replace, change, delete, apply."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro
from fyr.tickets.choices import EventKind
from fyr.tickets.models import Ticket
from tests.api.conftest import ApiClient, bearer_client, field_errors


def put(api: ApiClient, path: str, body: Any) -> Any:
    return api.client.put(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def delete(api: ApiClient, path: str) -> Any:
    return api.client.delete(f"/api/v1{path}")


@pytest.fixture
def shared(admin) -> Macro:
    return macros.create_macro(
        by=admin,
        name="Tack för ditt tålamod",
        visibility=Visibility.SHARED,
        text="Hej {{ contact.first_name }}! /{{ agent.first_name }}",
    )


@pytest.fixture
def personal(agent) -> Macro:
    return macros.create_macro(by=agent, name="Min", text="Hej", changes={"priority": "high"})


@pytest.fixture
def team_macro(admin, support) -> Macro:
    return macros.create_macro(
        by=admin, name="Support", visibility=Visibility.TEAM, team=support, text="Hej"
    )


def test_create_personal_macro(agent_api, agent, billing):
    body = {
        "name": "Faktura: kreditering",
        "text": "Hej {{ contact.first_name }}, vi krediterar.",
        "changes": {"status": "pending", "add_tags": ["Faktura"], "assignee": "me"},
    }

    response = agent_api.post("/macros", body)

    assert response.status_code == 201, response.content
    data = response.json()
    macro = Macro.objects.get()
    assert data == {
        "id": macro.pk,
        "name": "Faktura: kreditering",
        "description": "",
        "visibility": "personal",
        "team_id": None,
        "owner_id": agent.pk,
        "text": "Hej {{ contact.first_name }}, vi krediterar.",
        "internal": False,
        "changes": {"status": "pending", "assignee": "me", "add_tags": ["faktura"]},
        "active": True,
        "usage_count": 0,
        "last_used_at": None,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }


def test_create_team_macro_admin_only(admin_api, agent_api, support):
    body = {"name": "Team", "text": "Hej", "visibility": "team", "team_id": support.pk}

    assert agent_api.post("/macros", body).status_code == 403
    assert not Macro.objects.exists()
    response = admin_api.post("/macros", body)
    assert response.status_code == 201
    assert response.json()["team_id"] == support.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "text": "Hej {{ contact.firstname }}"}, "text"),
        ({"name": "X", "text": "{% for x in y %}{% endfor %}"}, "text"),
        ({"name": "X", "text": ""}, "text"),
        ({"name": " ", "text": "Hej"}, "name"),
        ({"name": "X", "text": "Hej", "changes": {"status": "new"}}, "changes"),
        ({"name": "X", "text": "Hej", "changes": {"status": "nope"}}, "changes.status"),
        ({"name": "X", "text": "Hej", "changes": {"colour": "red"}}, "changes.colour"),
        ({"name": "X", "text": "Hej", "changes": {"team": 99999}}, "changes"),
        ({"name": "X", "text": "Hej", "changes": {"tier": 5}}, "changes.tier"),
        ({"name": "X", "text": "Hej", "visibility": "team", "team_id": 99999}, "team_id"),
    ],
)
def test_invalid_macros_are_422_with_location(admin_api, body, field):
    response = admin_api.post("/macros", body)

    assert response.status_code == 422, response.content
    assert field in field_errors(response)
    assert not Macro.objects.exists()


def test_team_macro_without_team_is_422_on_team_id(admin_api):
    response = admin_api.post("/macros", {"name": "X", "text": "Hej", "visibility": "team"})
    assert response.status_code == 422
    assert list(field_errors(response)) == ["team_id"]


def test_list_shows_what_the_caller_may_see(agent, colleague, shared, personal, team_macro):
    other = macros.create_macro(by=colleague, name="Kalles", text="Hej")

    mine = bearer_client(agent).get("/macros").json()
    theirs = bearer_client(colleague).get("/macros").json()

    assert [m["name"] for m in mine["items"]] == ["Min", "Support", "Tack för ditt tålamod"]
    assert [m["name"] for m in theirs["items"]] == ["Kalles", "Support", "Tack för ditt tålamod"]
    assert other.pk not in {m["id"] for m in mine["items"]}


def test_list_filters_and_pages(agent_api, admin, shared, personal, team_macro):
    macros.update_macro(shared, by=admin, active=False)

    assert [m["name"] for m in agent_api.get("/macros", {"q": "TÅLAM"}).json()["items"]] == [
        "Tack för ditt tålamod"
    ]
    assert [m["name"] for m in agent_api.get("/macros", {"active": "true"}).json()["items"]] == [
        "Min",
        "Support",
    ]
    assert [
        m["name"] for m in agent_api.get("/macros", {"visibility": "team"}).json()["items"]
    ] == ["Support"]
    first = agent_api.get("/macros", {"limit": 2}).json()
    second = agent_api.get("/macros", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [m["name"] for m in first["items"] + second["items"]] == [
        "Min",
        "Support",
        "Tack för ditt tålamod",
    ]
    assert second["next_cursor"] is None


def test_others_personal_macro_is_404(personal, colleague, admin):
    for user in (colleague, admin):
        api = bearer_client(user)
        assert api.get(f"/macros/{personal.pk}").status_code == 404
        assert api.patch(f"/macros/{personal.pk}", {"name": "Mitt"}).status_code == 404
        assert delete(api, f"/macros/{personal.pk}").status_code == 404
    assert Macro.objects.get(pk=personal.pk).name == "Min"


def test_agent_cannot_change_shared_macro(agent_api, shared):
    assert agent_api.get(f"/macros/{shared.pk}").status_code == 200
    assert agent_api.patch(f"/macros/{shared.pk}", {"name": "Mitt"}).status_code == 403
    assert put(agent_api, f"/macros/{shared.pk}", {"name": "Mitt", "text": "x"}).status_code == 403
    assert delete(agent_api, f"/macros/{shared.pk}").status_code == 403
    assert Macro.objects.get(pk=shared.pk).name == "Tack för ditt tålamod"


def test_patch_changes_only_what_is_sent(agent_api, personal):
    response = agent_api.patch(f"/macros/{personal.pk}", {"description": "Prio upp"})

    assert response.status_code == 200
    personal.refresh_from_db()
    assert (personal.description, personal.changes) == ("Prio upp", {"priority": "high"})

    response = agent_api.patch(f"/macros/{personal.pk}", {"changes": {"assignee": None}})
    personal.refresh_from_db()
    assert personal.changes == {"assignee": None}


def test_put_replaces_the_macro(agent_api, personal):
    response = put(agent_api, f"/macros/{personal.pk}", {"name": "Ny", "text": "Hej då"})

    assert response.status_code == 200, response.content
    personal.refresh_from_db()
    assert (personal.name, personal.text, personal.changes) == ("Ny", "Hej då", {})


def test_invalid_patch_is_422_and_keeps_the_macro(agent_api, personal):
    response = agent_api.patch(f"/macros/{personal.pk}", {"text": "{{ ticket.nope }}"})
    assert response.status_code == 422
    assert list(field_errors(response)) == ["text"]
    assert Macro.objects.get(pk=personal.pk).text == "Hej"


def test_delete(agent_api, personal):
    assert delete(agent_api, f"/macros/{personal.pk}").status_code == 204
    assert not Macro.objects.exists()


def test_apply_returns_text_and_version(agent_api, ticket, personal, shared):
    version = ticket.version

    response = agent_api.post(f"/tickets/{ticket.pk}/macros/{personal.pk}/apply", {})

    assert response.status_code == 200, response.content
    assert response.json() == {
        "text": "Hej",
        "internal": False,
        "ticket_id": ticket.pk,
        "version": version + 1,
        "changed": True,
    }
    assert Ticket.objects.get(pk=ticket.pk).priority == "high"
    rendered = agent_api.post(f"/tickets/{ticket.pk}/macros/{shared.pk}/apply").json()
    assert rendered["text"] == "Hej Karin! /Agnes"
    assert rendered["changed"] is False


def test_apply_stale_version_is_409(agent_api, ticket, personal):
    response = agent_api.post(
        f"/tickets/{ticket.pk}/macros/{personal.pk}/apply", {"version": ticket.version + 5}
    )
    assert response.status_code == 409
    assert response.json()["current_version"] == ticket.version
    assert not ticket.events.filter(kind=EventKind.MACRO_APPLIED).exists()


def test_apply_with_if_match(agent_api, ticket, personal):
    path = f"/tickets/{ticket.pk}/macros/{personal.pk}/apply"
    assert agent_api.post(path, {}, **{"If-Match": '"999"'}).status_code == 409
    assert agent_api.post(path, {}, **{"If-Match": f'"{ticket.version}"'}).status_code == 200


def test_apply_hidden_ticket_or_macro_is_404(ticket, personal, team_macro, outsider, billing):
    hidden = macros.create_macro(by=outsider, name="Otto", text="Hej")
    from fyr.tickets import services as tickets
    from fyr.tickets.events import Actor

    tickets.change_ticket(ticket, actor=Actor.system(), changes={"team": billing})
    api = bearer_client(outsider)

    assert api.post(f"/tickets/{ticket.pk}/macros/{team_macro.pk}/apply").status_code == 404
    assert api.post(f"/tickets/{ticket.pk}/macros/{personal.pk}/apply").status_code == 404
    assert api.post(f"/tickets/{ticket.pk}/macros/{hidden.pk}/apply").status_code == 200


def test_light_agent_may_not_apply_reply_macro(light_api, ticket, shared):
    response = light_api.post(f"/tickets/{ticket.pk}/macros/{shared.pk}/apply")
    assert response.status_code == 403
    assert not ticket.events.filter(kind=EventKind.MACRO_APPLIED).exists()


def test_anonymous_is_401(as_persona, shared):
    assert as_persona("anonymous").get("/macros").status_code == 401
    assert as_persona("portal_customer").get(f"/macros/{shared.pk}").status_code == 401
