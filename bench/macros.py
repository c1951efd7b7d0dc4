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
import random

from common import (
    DUMMY_TASKS,
    Figure,
    analyze,
    percentiles,
    prepare_environment,
    report,
    setup_django,
    timed,
)

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


def build(n: int, rng: random.Random):  # type: ignore[no-untyped-def]
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
    analyze()
    return agent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 macros instead of 10,000")
    parser.add_argument("--macros", type=int, default=None)
    args = parser.parse_args()
    n = args.macros or (1_000 if args.quick else 10_000)
    backend = prepare_environment(BENCH_DATABASE)
    setup_django(TASKS=DUMMY_TASKS, CHANNEL_LAYERS={})
    from fyr.customers import services as customers
    from fyr.macros import placeholders, services
    from fyr.tickets import services as tickets
    from fyr.tickets.choices import Channel
    from fyr.tickets.inbound import Inbound

    rng = random.Random(7)
    agent = build(n, rng)
    fragments = [rng.choice(WORDS)[: rng.randrange(3, 7)] for _ in range(200)]
    search_ms = timed(lambda i: services.search(agent, fragments[i]), len(fragments), warmup=0)
    empty_ms = timed(lambda i: services.search(agent, ""), 50, warmup=0)

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
    render_ms = timed(
        lambda i: placeholders.render(text, ticket=targets[0], agent=agent), 2000, warmup=0
    )
    macro = services.create_macro(
        by=agent,
        name="Bench",
        text=text,
        changes={"status": "pending", "priority": "high", "add_tags": ["bench"]},
    )
    apply_ms = timed(
        lambda i: services.apply(macro, targets[i], agent=agent), len(targets), warmup=0
    )

    figures: list[Figure] = [
        *percentiles("macro_search", search_ms, n, levels=(50, 95), method="exclusive"),
        *percentiles("macro_search_empty", empty_ms, n, levels=(95,), method="exclusive"),
        *percentiles("macro_render", render_ms, 2000, levels=(50,), method="exclusive"),
        *percentiles("macro_apply", apply_ms, 200, levels=(50, 95), method="exclusive"),
    ]
    report(figures, backend)


if __name__ == "__main__":
    main()
