"""Saving macros (validation) and finding them (search)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro


def test_create_normalises(agent, billing):
    macro = macros.create_macro(
        by=agent,
        name="  Lösenord   återställning ",
        text="Hej!",
        changes={"add_tags": [" Lösenord ", "konto  spärrat", ""], "team": billing.pk},
    )

    assert macro.name == "Lösenord återställning"
    assert macro.changes == {"team": billing.pk, "add_tags": ["konto-spärrat", "lösenord"]}
    assert macro.is_canned_response is False
    assert (macro.owner, macro.created_by, macro.usage_count) == (agent, agent, 0)


def test_text_only_macro_is_a_canned_response(personal):
    assert personal.is_canned_response


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"name": " "}, ["name"]),
        ({"name": "x" * 201}, ["name"]),
        ({"text": "Hej {{ contact.firstname }}"}, ["text"]),
        ({"text": "Hej {{ contact.first_name "}, ["text"]),
        ({"text": "{{ ''.__class__ }}"}, ["text"]),
        ({"text": "", "changes": {}}, ["text"]),
        ({"changes": {"status": "done"}}, ["changes"]),
        ({"changes": {"status": "new"}}, ["changes"]),
        ({"changes": {"priority": "HIGH"}}, ["changes"]),
        ({"changes": {"type": 3}}, ["changes"]),
        ({"changes": {"tier": 4}}, ["changes"]),
        ({"changes": {"tier": True}}, ["changes"]),
        ({"changes": {"team": 999999}}, ["changes"]),
        ({"changes": {"team": "1"}}, ["changes"]),
        ({"changes": {"assignee": "you"}}, ["changes"]),
        ({"changes": {"assignee": 999999}}, ["changes"]),
        ({"changes": {"add_tags": "a,b"}}, ["changes"]),
        ({"changes": {"add_tags": ["a"], "remove_tags": ["A"]}}, ["changes"]),
        ({"changes": {"add_tags": [str(i) for i in range(21)]}}, ["changes"]),
        ({"changes": {"subject": "Nytt"}}, ["changes"]),
        ({"changes": ["status"]}, ["changes"]),
        ({"name": "", "text": "{{ x }}", "changes": {"tier": 9}}, ["changes", "name", "text"]),
    ],
)
def test_invalid_macros_refused(agent, fields, errors):
    values = {"name": "Ett makro", "text": "Hej", **fields}

    with pytest.raises(ValidationError) as caught:
        macros.create_macro(by=agent, **values)

    assert sorted(caught.value.message_dict) == errors
    assert not Macro.objects.exists()


def test_change_errors_name_the_field(agent):
    with pytest.raises(ValidationError) as caught:
        macros.create_macro(by=agent, name="X", changes={"tier": 7, "colour": "red"})
    assert caught.value.message_dict["changes"] == [
        "Unknown field: colour. Allowed: status, priority, type, tier, team, assignee, "
        "add_tags, remove_tags",
        "tier: must be 1, 2 or 3",
    ]


def test_light_agent_cannot_be_assignee(agent, light_agent):
    with pytest.raises(ValidationError, match="light agents"):
        macros.create_macro(by=agent, name="X", changes={"assignee": light_agent.pk})


def test_team_macro_needs_a_team(admin):
    with pytest.raises(ValidationError) as caught:
        macros.create_macro(by=admin, name="X", text="Hej", visibility=Visibility.TEAM)
    assert list(caught.value.message_dict) == ["team"]


def test_unknown_visibility_refused(admin):
    with pytest.raises(ValidationError) as caught:
        macros.create_macro(by=admin, name="X", text="Hej", visibility="public")
    assert list(caught.value.message_dict) == ["visibility"]


def test_invalid_update_keeps_the_macro(personal, agent):
    with pytest.raises(ValidationError):
        macros.update_macro(personal, by=agent, text="{{ nope }}")
    assert Macro.objects.get(pk=personal.pk).text == "Hej {{ contact.first_name }}!"


def test_update_validates_the_whole_macro(agent):
    macro = macros.create_macro(by=agent, name="X", changes={"priority": "high"})
    with pytest.raises(ValidationError):
        macros.update_macro(macro, by=agent, changes={})  # neither text nor changes left


# --- search ------------------------------------------------------------------------------------


@pytest.fixture
def library(admin, agent, colleague):
    def make(name, by=admin, **kw):
        return macros.create_macro(
            by=by, name=name, text="Hej", visibility=kw.pop("visibility", Visibility.SHARED), **kw
        )

    return {
        "faktura": make("Faktura: kreditering"),
        "fakturafel": make("Fel på fakturan"),
        "losen": make("Lösenordsåterställning"),
        "tack": make("Tack för ditt tålamod"),
        "mine": make("Faktura (min)", by=agent, visibility=Visibility.PERSONAL),
        "theirs": make("Faktura (Kalles)", by=colleague, visibility=Visibility.PERSONAL),
    }


def test_search_by_name_any_case_prefix_first(library, agent):
    found = macros.search(agent, "FAKTUR")

    assert [m.name for m in found] == [
        "Faktura (min)",
        "Faktura: kreditering",
        "Fel på fakturan",
    ]


def test_search_swedish_letters(library, agent):
    assert [m.name for m in macros.search(agent, "lösen")] == ["Lösenordsåterställning"]
    assert [m.name for m in macros.search(agent, "tålamod")] == ["Tack för ditt tålamod"]


def test_search_prefers_most_used_then_name(library, agent, ticket):
    macros.apply(library["fakturafel"], ticket, agent=agent)

    assert [m.name for m in macros.search(agent, "fakt")][:1] == ["Faktura (min)"]
    assert [m.name for m in macros.search(agent, "")][:2] == [
        "Fel på fakturan",
        "Faktura (min)",
    ]


def test_search_respects_visibility_and_active(library, agent, admin):
    macros.update_macro(library["faktura"], by=admin, active=False)

    names = {m.name for m in macros.search(agent, "faktura")}

    assert names == {"Faktura (min)", "Fel på fakturan"}


def test_search_limit(library, agent):
    assert len(macros.search(agent, "", limit=2)) == 2


def test_search_query_count(library, agent, django_assert_num_queries):
    agent.team_ids  # noqa: B018  (read once per request in real use)
    with django_assert_num_queries(1):
        macros.search(agent, "a")
