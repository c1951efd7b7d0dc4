"""Benchmarks of macros (``fyr.macros``): the composer's search, rendering, applying.

    python bench/macros.py [--quick] [--macros N]

- ``search``: N macros (10,000; 1,000 with ``--quick``; bulk-inserted) spread over 50 teams,
  shared macros and 200 agents' personal ones; an agent in 3 teams searches 200 random name
  fragments (and the empty query, the composer's first list). Times each call.
- ``render``: a typical reply text with six placeholders, rendered 2,000 times for one ticket
  (compiled once per process, then cached).
- ``apply``: a macro that renders text and changes status, priority and tags, applied 200 times
  to different tickets (each a locked, versioned change with its events).

Database: ``FYR_DATABASE_URL`` (PostgreSQL: a dedicated database ``fyr_bench_macros`` on the
same server is dropped and created; the URL's own database is never touched), else SQLite in a
temporary ``FYR_DATA_DIR``. Prints a table and one JSON line per figure, e.g.
``{"measure": "macro_search_p95", "value": 3.1, "unit": "ms", "backend": "sqlite", "n": 10000}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "fyr_bench_macros"
WORDS = [
    "faktura",
    "kreditering",
    "lösenord",
    "tålamod",
    "leverans",
    "retur",
    "byte",
    "konto",
    "avtal",
    "uppsägning",
]


def prepare_environment() -> str:
    os.environ["FYR_DATA_DIR"] = tempfile.mkdtemp(prefix="fyr-bench-macros-")
    (Path(os.environ["FYR_DATA_DIR"]) / "static").mkdir()
    os.environ.setdefault("FYR_LOG_LEVEL", "WARNING")
    os.environ["FYR_DEBUG"] = "false"
    url = os.environ.get("FYR_DATABASE_URL", "")
    if not url:
        return "sqlite"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench/macros.py: FYR_DATABASE_URL must be empty (SQLite) or a postgres:// URL")
    import psycopg

    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ["FYR_DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    return "postgresql"


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.CHANNEL_LAYERS = {}
    call_command("migrate", verbosity=0, skip_checks=True)


def timings(calls: list, run) -> list[float]:  # type: ignore[no-untyped-def,type-arg]
    result = []
    for argument in calls:
        started = time.perf_counter()
        run(argument)
        result.append((time.perf_counter() - started) * 1000)
    return result


def p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(q) - 1], 2)


def build(n: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from django.db import connection

    from fyr.accounts import services as accounts
    from fyr.accounts.models import Team, User
    from fyr.macros.models import Macro
    from fyr.macros.services import search_key

    teams = Team.objects.bulk_create(Team(name=f"Team {i}") for i in range(50))
    owners = User.objects.bulk_create(
        User(email=f"a{i}@bench.se", name=f"Agent {i}", role="agent") for i in range(200)
    )
    agent = accounts.create_agent(
        email="me@bench.se", name="Åsa Agent", role="agent", password="x" * 12, teams=teams[:3]
    )
    rows = []
    for i in range(n):
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {i}"
        kind = rng.random()
        scope: dict[str, object] = (
            {"visibility": "shared"}
            if kind < 0.2
            else {"visibility": "team", "team": rng.choice(teams)}
            if kind < 0.6
            else {"visibility": "personal", "owner": rng.choice(owners)}
        )
        rows.append(
            Macro(
                name=name,
                search_name=search_key(name),
                text="Hej {{ contact.first_name }}!",
                usage_count=rng.randrange(500),
                **scope,
            )
        )
    Macro.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return agent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 macros instead of 10,000")
    parser.add_argument("--macros", type=int, default=None)
    args = parser.parse_args()
    n = args.macros or (1_000 if args.quick else 10_000)
    backend = prepare_environment()
    setup_django()
    from fyr.customers import services as customers
    from fyr.macros import placeholders, services
    from fyr.tickets import services as tickets
    from fyr.tickets.choices import Channel
    from fyr.tickets.inbound import Inbound

    rng = random.Random(7)
    agent = build(n, rng)
    fragments = [rng.choice(WORDS)[: rng.randrange(3, 7)] for _ in range(200)]
    search_ms = timings(fragments, lambda q: services.search(agent, q))
    empty_ms = timings([""] * 50, lambda q: services.search(agent, q))

    def receive(i: int):  # type: ignore[no-untyped-def]
        inbound = Inbound(
            channel=Channel.EMAIL,
            sender=customers.Identity("email", f"kund{i}@example.se", f"Karin Kund{i}"),
            subject="Fråga",
            text="Hej!",
            external_id=f"<bench{i}@x>",
            team_id=agent.team_ids[0],
        )
        return tickets.receive(inbound).ticket

    targets = [receive(i) for i in range(200)]
    text = (
        "Hej {{ contact.first_name }}!\n\nTack för ärende {{ ticket.number }} ({{ ticket.subject }}"
        "). {% if organization.name %}{{ organization.name }}{% endif %}\n{{ agent.name }}\n"
        "{{ agent.signature }}"
    )
    render_ms = timings(
        [targets[0]] * 2000, lambda t: placeholders.render(text, ticket=t, agent=agent)
    )
    macro = services.create_macro(
        by=agent,
        name="Bench",
        text=text,
        changes={"status": "pending", "priority": "high", "add_tags": ["bench"]},
    )
    apply_ms = timings(targets, lambda t: services.apply(macro, t, agent=agent))

    figures = [
        ("macro_search_p50", p(search_ms, 50), n),
        ("macro_search_p95", p(search_ms, 95), n),
        ("macro_search_empty_p95", p(empty_ms, 95), n),
        ("macro_render_p50", p(render_ms, 50), 2000),
        ("macro_apply_p50", p(apply_ms, 50), 200),
        ("macro_apply_p95", p(apply_ms, 95), 200),
    ]
    print(f"{'measure':28} {'ms':>8}  n   ({backend})")
    for measure, value, count in figures:
        print(f"{measure:28} {value:8.2f}  {count}")
    for measure, value, count in figures:
        print(
            json.dumps(
                {"measure": measure, "value": value, "unit": "ms", "backend": backend, "n": count}
            )
        )


if __name__ == "__main__":
    main()
