from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fyr.accounts import services
from fyr.accounts.models import User


class Command(BaseCommand):
    help = "Print a new API token for an agent (shown once; store it safely)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="cli", help="a label for the token")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active agent with the email {options['email']}")
        self.stdout.write(services.issue_token(user, name=options["name"]))
