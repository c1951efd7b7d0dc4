"""The desk: the macros page, the editor with its preview, and the composer's picker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, Priority
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def prio(admin):
    return macros.create_macro(
        by=admin,
        name="Brådskande: ring upp",
        visibility=Visibility.SHARED,
        text="Hej {{ contact.first_name }}, vi ringer dig. /{{ agent.first_name }}",
        changes={"priority": "urgent", "add_tags": ["ring-upp"]},
    )


# --- the macros page ---------------------------------------------------------------------------


def test_agent_sees_my_macros_page(client, agent, personal, shared, team_macro, colleague):
    other = macros.create_macro(by=colleague, name="Kalles egna", text="Hej")
    client.force_login(agent)

    response = client.get(reverse("desk:macros"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "My macros" in html and "settings-nav" not in html
    for macro in (personal, shared, team_macro):
        assert macro.name in html
    assert other.name not in html
    assert reverse("desk:macro", args=[personal.pk]) in html
    assert reverse("desk:macro", args=[shared.pk]) not in html  # agents cannot edit it


def test_admin_sees_settings_page_with_filter(client, admin, shared, team_macro):
    client.force_login(admin)

    html = client.get(reverse("desk:macros"), {"visibility": "team"}).content.decode()

    assert "settings-nav" in html
    assert team_macro.name in html and shared.name not in html
    assert reverse("desk:macro", args=[team_macro.pk]) in html


def test_usage_count_shown(client, agent, shared, ticket):
    macros.apply(shared, ticket, agent=agent)
    client.force_login(agent)

    html = client.get(reverse("desk:macros")).content.decode()

    assert "<td>1</td>" in html


def test_agent_creates_personal_macro(client, agent):
    client.force_login(agent)
    data = {
        "name": "Lösenord",
        "visibility": "shared",  # ignored: agents keep personal macros
        "text": "Hej {{ contact.first_name }}!",
        "status": "pending",
        "assignee": "me",
        "add_tags": "lösenord, konto",
        "active": "on",
    }

    response = client.post(reverse("desk:macro_new"), data)

    assert response.status_code == 302
    macro = Macro.objects.get()
    assert (macro.visibility, macro.owner, macro.active) == ("personal", agent, True)
    assert macro.changes == {
        "status": "pending",
        "assignee": "me",
        "add_tags": ["konto", "lösenord"],
    }


def test_admin_creates_team_macro(client, admin, support, billing):
    client.force_login(admin)
    data = {
        "name": "Till fakturering",
        "visibility": "team",
        "team": support.pk,
        "text": "",
        "move_to_team": billing.pk,
        "tier": "2",
        "assignee": "none",
    }

    response = client.post(reverse("desk:macro_new"), data)

    assert response.status_code == 302, response.content.decode()
    macro = Macro.objects.get()
    assert (macro.team, macro.active) == (support, False)
    assert macro.changes == {"tier": 2, "team": billing.pk, "assignee": None}


def test_invalid_macro_shows_errors_and_keeps_input(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("desk:macro_new"), {"name": "Fel", "text": "Hej {{ contact.firstname }}"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Unknown placeholder: {{ contact.firstname }}." in html
    assert "Hej {{ contact.firstname }}" in html
    assert not Macro.objects.exists()


def test_edit_form_shows_current_values(client, admin, prio):
    client.force_login(admin)

    html = client.get(reverse("desk:macro", args=[prio.pk])).content.decode()

    assert 'value="ring-upp"' in html
    assert '<option value="urgent" selected>' in html
    assert "{{ ticket.number }}" in html  # the placeholder help list


def test_agent_cannot_edit_shared_or_anothers_macro(client, agent, colleague, shared):
    other = macros.create_macro(by=colleague, name="Kalles", text="Hej")
    client.force_login(agent)

    assert client.get(reverse("desk:macro", args=[shared.pk])).status_code == 403
    assert client.post(reverse("desk:macro", args=[shared.pk]), {"name": "X"}).status_code == 403
    assert client.post(reverse("desk:macro_delete", args=[shared.pk])).status_code == 403
    assert client.get(reverse("desk:macro", args=[other.pk])).status_code == 404
    assert Macro.objects.count() == 2


def test_delete(client, agent, personal):
    client.force_login(agent)
    assert client.post(reverse("desk:macro_delete", args=[personal.pk])).status_code == 302
    assert not Macro.objects.exists()


def test_preview_renders_against_a_ticket(client, agent, ticket):
    client.force_login(agent)

    response = client.post(
        reverse("desk:macro_preview"),
        {"text": "Hej {{ contact.first_name }} ({{ ticket.number }})", "preview_ticket": ""},
    )

    html = response.content.decode()
    assert f"Hej Karin ({ticket.number})" in html


def test_preview_shows_errors(client, agent, ticket):
    client.force_login(agent)

    response = client.post(reverse("desk:macro_preview"), {"text": "{{ ticket.nope }}"})

    assert "Unknown placeholder: {{ ticket.nope }}." in response.content.decode()


def test_preview_only_with_visible_tickets(client, outsider, ticket):
    client.force_login(outsider)
    response = client.post(
        reverse("desk:macro_preview"),
        {"text": "{{ ticket.subject }}", "preview_ticket": ticket.number},
    )
    html = response.content.decode()
    assert ticket.subject not in html
    assert "There is no ticket to preview with" in html


# --- the composer's picker ---------------------------------------------------------------------


def test_ticket_page_has_the_picker(client, agent, ticket):
    client.force_login(agent)
    html = client.get(reverse("desk:ticket", args=[ticket.number])).content.decode()
    assert 'id="macro-q"' in html
    assert reverse("desk:macro_search", args=[ticket.number]) in html


def test_search_lists_matching_macros(client, agent, ticket, prio, shared, personal):
    client.force_login(agent)

    response = client.get(reverse("desk:macro_search", args=[ticket.number]), {"q": "BRÅD"}, **HTMX)

    html = response.content.decode()
    assert prio.name in html and shared.name not in html
    assert reverse("desk:macro_apply", args=[ticket.number, prio.pk]) in html
    assert "<html" not in html


def test_search_without_htmx_is_a_page(client, agent, ticket, shared):
    client.force_login(agent)
    html = client.get(reverse("desk:macro_search", args=[ticket.number])).content.decode()
    assert "<html" in html and shared.name in html


def test_search_hidden_ticket_is_404(client, outsider, ticket, shared):
    client.force_login(outsider)  # the ticket is Support's; Otto is in Billing
    assert client.get(reverse("desk:macro_search", args=[ticket.number])).status_code == 404
    url = reverse("desk:macro_apply", args=[ticket.number, shared.pk])
    assert client.post(url, {}).status_code == 404


def test_light_agent_sees_only_note_macros(client, light_agent, ticket, admin, shared):
    note = macros.create_macro(
        by=admin, name="Notering", visibility=Visibility.SHARED, text="Kollat", internal=True
    )
    client.force_login(light_agent)

    html = client.get(reverse("desk:macro_search", args=[ticket.number]), **HTMX).content.decode()

    assert note.name in html and shared.name not in html


def test_apply_fills_composer_and_refreshes_properties(client, agent, ticket, prio):
    client.force_login(agent)
    url = reverse("desk:macro_apply", args=[ticket.number, prio.pk])

    response = client.post(
        url, {"version": ticket.version, "body": "Jag har kollat.", "kind": "reply"}, **HTMX
    )

    html = response.content.decode()
    ticket.refresh_from_db()
    assert response.status_code == 200
    assert ticket.priority == Priority.URGENT
    assert "Jag har kollat.\n\nHej Karin, vi ringer dig. /Agnes</textarea>" in html
    assert f'name="version" value="{ticket.version}"' in html
    assert 'id="ticket-props"' in html and 'hx-swap-oob="true"' in html
    assert "Applied “Brådskande: ring upp”" in html
    assert "Agnes Agent applied the macro Brådskande: ring upp" in html  # the timeline
    assert ticket.events.filter(kind=EventKind.MACRO_APPLIED).count() == 1


def test_apply_internal_macro_selects_note(client, agent, ticket, admin):
    note = macros.create_macro(
        by=admin, name="Notering", visibility=Visibility.SHARED, text="Kollat", internal=True
    )
    client.force_login(agent)

    html = client.post(
        reverse("desk:macro_apply", args=[ticket.number, note.pk]), {}, **HTMX
    ).content.decode()

    assert re.search(r'<input type="radio" name="kind" value="note"[^>]*checked', html)


def test_apply_stale_version_keeps_text_and_changes_nothing(client, agent, colleague, ticket, prio):
    version = ticket.version
    tickets.change_ticket(ticket, actor=Actor.of_agent(colleague), changes={"priority": "low"})
    client.force_login(agent)

    response = client.post(
        reverse("desk:macro_apply", args=[ticket.number, prio.pk]),
        {"version": version, "body": "Mitt utkast"},
        **HTMX,
    )

    html = response.content.decode()
    assert "Someone else changed this ticket" in html
    assert "Mitt utkast</textarea>" in html
    assert Ticket.objects.get(pk=ticket.pk).priority == Priority.LOW
    assert not ticket.events.filter(kind=EventKind.MACRO_APPLIED).exists()


def test_apply_without_js_renders_the_ticket_page(client, agent, ticket, shared):
    client.force_login(agent)

    response = client.post(
        reverse("desk:macro_apply", args=[ticket.number, shared.pk]), {"version": ticket.version}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "Tack för ditt tålamod." in html


def test_apply_invisible_macro_is_404(client, colleague, ticket, personal):
    client.force_login(colleague)
    url = reverse("desk:macro_apply", args=[ticket.number, personal.pk])
    assert client.post(url, {}, **HTMX).status_code == 404
    assert Macro.objects.get(pk=personal.pk).usage_count == 0
