"""The demo company's macros are valid and seeded once."""

from __future__ import annotations

from fyr.accounts import services as accounts
from fyr.macros import demo
from fyr.macros.models import Macro


def test_demo_macros_seeded_once(admin):
    teams = {
        name: accounts.get_or_create_team(name)
        for name in ("Kundtjänst", "Teknisk support", "Fakturering")
    }

    demo.seed(admin, teams)
    demo.seed(admin, teams)

    assert Macro.objects.count() == len(demo.MACROS)
    escalate = Macro.objects.get(name="Eskalera till teknisk support")
    assert escalate.team == teams["Kundtjänst"]
    assert escalate.changes["team"] == teams["Teknisk support"].pk
    assert escalate.internal
