"""Who sees, uses and manages which macro: personal / team / shared × every persona."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fyr.accounts import services as accounts
from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro

PERSONAS = ["agent", "colleague", "outsider", "admin", "light_agent"]

#: (macro fixture, persona) -> may see and use it.
SEES = {
    "personal": {"agent"},  # only its owner
    "team_macro": {"agent", "colleague", "light_agent", "admin"},  # Support's members + admins
    "shared": set(PERSONAS),
}
#: (macro fixture, persona) -> may change and delete it.
MANAGES = {
    "personal": {"agent"},
    "team_macro": {"admin"},
    "shared": {"admin"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", list(SEES))
def test_visibility_matrix(request, persona, which):
    macro = request.getfixturevalue(which)
    user = request.getfixturevalue(persona)

    visible = macros.visible_macros(user).filter(pk=macro.pk).exists()

    assert visible == (persona in SEES[which])
    assert macros.may_use(user, macro) == (persona in SEES[which])
    assert macros.may_manage(user, macro) == (persona in MANAGES[which])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("which", list(SEES))
def test_update_and_delete_matrix(request, persona, which):
    macro = request.getfixturevalue(which)
    user = request.getfixturevalue(persona)
    before = Macro.objects.filter(pk=macro.pk).values().get()

    if persona in MANAGES[which]:
        macros.update_macro(macro, by=user, description="Ändrad")
        assert Macro.objects.get(pk=macro.pk).description == "Ändrad"
        macros.delete_macro(macro, by=user)
        assert not Macro.objects.filter(pk=macro.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            macros.update_macro(macro, by=user, description="Ändrad")
        with pytest.raises(PermissionDenied):
            macros.delete_macro(macro, by=user)
        assert Macro.objects.filter(pk=macro.pk).values().get() == before


def test_inactive_macros_are_not_offered(shared, agent, admin):
    macros.update_macro(shared, by=admin, active=False)

    assert not macros.visible_macros(agent).exists()
    assert macros.visible_macros(agent, include_inactive=True).get() == shared
    assert not macros.may_use(agent, shared)


def test_deactivated_agent_sees_nothing(shared, personal, agent):
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    assert not macros.visible_macros(agent, include_inactive=True).exists()
    assert not macros.may_manage(agent, personal)


def test_joining_a_team_shows_its_macros(team_macro, outsider, support):
    assert team_macro not in macros.visible_macros(outsider)

    accounts.add_to_team(outsider, support)

    assert team_macro in macros.visible_macros(outsider)


@pytest.mark.parametrize("visibility", [Visibility.TEAM, Visibility.SHARED])
def test_agents_cannot_make_team_or_shared_macros(agent, support, visibility):
    with pytest.raises(PermissionDenied):
        macros.create_macro(by=agent, name="X", visibility=visibility, team=support, text="Hej")
    assert not Macro.objects.exists()


def test_agent_cannot_share_their_personal_macro(personal, agent):
    with pytest.raises(PermissionDenied):
        macros.update_macro(personal, by=agent, visibility=Visibility.SHARED)
    assert Macro.objects.get(pk=personal.pk).visibility == Visibility.PERSONAL


def test_admin_shares_their_own_personal_macro(admin):
    macro = macros.create_macro(by=admin, name="Egen", text="Hej")
    assert macro.owner == admin

    macros.update_macro(macro, by=admin, visibility=Visibility.SHARED)

    macro.refresh_from_db()
    assert (macro.visibility, macro.owner_id, macro.team_id) == (Visibility.SHARED, None, None)


def test_admin_turns_team_macro_into_personal_one_of_their_own(team_macro, admin):
    macros.update_macro(team_macro, by=admin, visibility=Visibility.PERSONAL)

    team_macro.refresh_from_db()
    assert (team_macro.owner_id, team_macro.team_id) == (admin.pk, None)


def test_light_agent_keeps_personal_internal_macros(light_agent):
    macro = macros.create_macro(
        by=light_agent, name="Anteckning", text="Kollat med {{ agent.name }}", internal=True
    )
    assert macro.owner == light_agent


def test_light_agent_macro_may_not_reply_or_change_fields(light_agent):
    with pytest.raises(ValidationError) as caught:
        macros.create_macro(by=light_agent, name="Svar", text="Hej", internal=False)
    assert list(caught.value.message_dict) == ["internal"]
    with pytest.raises(ValidationError) as caught:
        macros.create_macro(
            by=light_agent, name="Svar", text="Hej", internal=True, changes={"priority": "high"}
        )
    assert list(caught.value.message_dict) == ["changes"]
    assert not Macro.objects.exists()
