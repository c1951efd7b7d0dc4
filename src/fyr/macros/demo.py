"""The demo company's macros (``fyr demo``): a few shared and team macros in Swedish."""

from __future__ import annotations

from typing import Any

from fyr.accounts.models import Team, User
from fyr.macros import services
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro

#: (name, description, team name or None for shared, text, internal, changes)
MACROS: list[tuple[str, str, str | None, str, bool, dict[str, Any]]] = [
    (
        "Tack för ditt tålamod",
        "När svaret dröjt",
        None,
        'Hej {{ contact.first_name|default("och tack för att du hörde av dig") }}!\n\n'
        "Tack för ditt tålamod. Vi har tittat på ärende {{ ticket.number }} och återkommer "
        "så snart vi vet mer.\n\nVänliga hälsningar\n{{ agent.name }}\n{{ company.name }}",
        False,
        {},
    ),
    (
        "Faktura: kreditering",
        "Kreditera en felaktig faktura och vänta på kundens bekräftelse",
        "Fakturering",
        "Hej {{ contact.first_name }}!\n\nVi har krediterat fakturan och skickar en ny inom "
        "två arbetsdagar{% if organization.name %} till {{ organization.name }}{% endif %}. "
        "Hör av dig om något inte stämmer.\n\nVänliga hälsningar\n{{ agent.name }}",
        False,
        {"status": "pending", "type": "question", "add_tags": ["faktura", "kreditering"]},
    ),
    (
        "Lösenordsåterställning",
        "Instruktioner för att återställa lösenordet",
        None,
        'Hej {{ contact.first_name }}!\n\nDu återställer ditt lösenord under "Glömt '
        'lösenord?" på inloggningssidan. Länken i mejlet gäller i 24 timmar.\n\n'
        "Du kan följa ärendet här: {{ ticket.url }}\n\nVänliga hälsningar\n{{ agent.name }}",
        False,
        {"status": "solved", "add_tags": ["lösenord"]},
    ),
    (
        "Eskalera till teknisk support",
        "Intern anteckning och flytt till nivå 2",
        "Kundtjänst",
        "Eskalerat av {{ agent.first_name }}: ",
        True,
        {"tier": 2, "team": "Teknisk support", "assignee": None, "add_tags": ["eskalerat"]},
    ),
    (
        "Ta ärendet",
        "Tilldela mig och öppna ärendet",
        None,
        "",
        False,
        {"assignee": "me", "status": "open"},
    ),
]


def seed(admin: User, teams: dict[str, Team]) -> None:
    """Create the demo macros that do not exist yet (by name), as the demo administrator."""
    existing = set(Macro.objects.values_list("name", flat=True))
    for name, description, team_name, text, internal, changes in MACROS:
        if name in existing:
            continue
        changes = dict(changes)
        if isinstance(changes.get("team"), str):
            changes["team"] = teams[changes["team"]].pk
        services.create_macro(
            by=admin,
            name=name,
            description=description,
            visibility=Visibility.TEAM if team_name else Visibility.SHARED,
            team=teams[team_name] if team_name else None,
            text=text,
            internal=internal,
            changes=changes,
        )
