from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fyr.accounts import services
from fyr.accounts.choices import Role
from fyr.accounts.models import User


class Command(BaseCommand):
    help = "Create an agent (admin, agent or light agent), optionally in a team."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.AGENT)
        parser.add_argument("--team", action="append", default=[], help="team name (repeatable)")
        parser.add_argument("--password", help="without one the agent cannot log in yet")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise CommandError(f"An agent with the email {email} already exists")
        try:
            teams = [services.get_or_create_team(name) for name in options["team"]]
            user = services.create_agent(
                email=email,
                name=options["name"],
                role=options["role"],
                password=options["password"],
                teams=teams,
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {user.get_role_display()} {user.name} <{user.email}>")
