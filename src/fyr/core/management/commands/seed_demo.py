"""``fyr seed-demo``: fill an empty install with a believable Swedish demo company."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fyr.core import demo


class Command(BaseCommand):
    help = (
        "Create a demo company (teams, agents, customers) and TICKETS tickets of history over "
        "the last 90 days, deterministically from --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tickets", type=int, default=demo.DEFAULT_TICKETS)
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--force", action="store_true", help="add demo data even if tickets exist"
        )
        group.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (and succeed) unless the database has no tickets and no agents",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["tickets"]
        if count < 0:
            raise CommandError("--tickets must be 0 or more")
        if options["if_empty"] and not demo.is_empty():
            return
        if not options["force"] and demo.has_tickets():
            raise CommandError(
                "This database already has tickets. Use --force to add demo data anyway, "
                "or --if-empty to skip quietly."
            )
        self.stdout.write(
            f"Seeding the demo company with {count} tickets (seed {options['seed']})…"
        )
        summary = demo.seed(
            tickets_count=count,
            seed_value=options["seed"],
            progress=lambda line: self.stdout.write(f"  {line}"),
        )
        statuses = ", ".join(f"{status} {n}" for status, n in summary.statuses.items())
        self.stdout.write(
            f"Created {summary.teams} teams, {summary.agents} agents, "
            f"{summary.organizations} organizations, {summary.contacts} contacts, "
            f"{summary.tickets} tickets, {summary.messages} messages "
            f"in {summary.seconds:.1f} s ({statuses})."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo login: {demo.DEMO_ADMIN_EMAIL} / {demo.DEMO_PASSWORD}")
        )
