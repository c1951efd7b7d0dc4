"""``fyr reindex [--scope tickets|contacts|articles]``: build the search index from the data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fyr.search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index (tickets and messages, contacts, articles) from the data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scope",
            action="append",
            choices=indexing.SCOPES,
            help="Only this scope (repeatable); every scope without it.",
        )
        parser.add_argument("--batch", type=int, default=2000, help="Rows per statement.")

    def handle(self, *args: Any, **options: Any) -> None:
        scopes = tuple(options["scope"] or indexing.SCOPES)

        def progress(kind: str, count: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{kind}: {count}")

        done = indexing.reindex(scopes, batch=options["batch"], progress=progress)
        for kind, count in done.items():
            self.stdout.write(f"{kind}: {count} indexed")
