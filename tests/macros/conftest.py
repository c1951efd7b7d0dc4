"""Macro fixtures: one personal (the agent's), one team (Support), one shared macro."""

from __future__ import annotations

import pytest

from fyr.macros import services as macros
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro


@pytest.fixture
def personal(agent) -> Macro:
    return macros.create_macro(
        by=agent, name="Min hälsning", text="Hej {{ contact.first_name }}!", internal=False
    )


@pytest.fixture
def team_macro(admin, support) -> Macro:
    return macros.create_macro(
        by=admin,
        name="Support: väntar på svar",
        visibility=Visibility.TEAM,
        team=support,
        text="Vi väntar på ditt svar, {{ contact.first_name }}.",
        changes={"status": "pending"},
    )


@pytest.fixture
def shared(admin) -> Macro:
    return macros.create_macro(
        by=admin,
        name="Tack för ditt tålamod",
        visibility=Visibility.SHARED,
        text="Hej {{ contact.first_name }}!\n\nTack för ditt tålamod.\n\n{{ agent.name }}",
    )
