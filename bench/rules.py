"""Benchmarks of triggers and automations (``fyr.rules``).

    python bench/rules.py [--quick] [--only automations|triggers] [--tickets N]

- ``automations``: N open tickets (100,000; 5,000 with ``--quick``; bulk-inserted: load, not
  behaviour under test) of which ~30 % pending, half of those for more than five days, and a
  third unassigned, in a team with an office calendar (Mon–Fri 08–17). Times one sweep of each
  of three automations: "pending for 5 days → solved" on its first sweep (every match fires)
  and again (steady state: nothing new matches); "unassigned for 1 business hour → tag" (SQL
  narrows by calendar time, Python checks business time on the candidates) first and again.
- ``triggers``: ``receive`` of a new email ticket, timed with no triggers, with 20 active
  triggers none of which match (ticket conditions only), and with 20 of which one matches and
  tags the ticket.

Database: ``FYR_DATABASE_URL`` (PostgreSQL: a dedicated database ``fyr_bench_rules`` on the same
server is dropped and created; the URL's own database is never touched), else SQLite in a
temporary ``FYR_DATA_DIR``. Prints a table and one JSON line per figure, e.g.
``{"measure": "automation_pending_steady", "value": 120.5, "unit": "ms", "backend":
"postgresql", "n": 100000}``.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

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

BENCH_DATABASE = "fyr_bench_rules"
NOW = datetime(2026, 3, 9, 7, 30, tzinfo=UTC)  # a Monday, 08:30 in Stockholm
#: New tickets arrive from Friday 16:00 (Stockholm) until now: most are days old in calendar
#: time but under an hour old in business time, so SQL keeps them as candidates and Python
#: turns them down; those from before 16:30 on Friday have an hour of business time.
WEEKEND = (datetime(2026, 3, 6, 15, 0, tzinfo=UTC), NOW)


def ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


# --- automations -------------------------------------------------------------------------------


def build_tickets(n: int, rng: random.Random) -> tuple[object, int]:
    from fyr.accounts.models import Team
    from fyr.calendars import hours
    from fyr.calendars.models import Calendar, OpeningPeriod
    from fyr.customers.models import Contact
    from fyr.tickets.choices import EventKind, Status
    from fyr.tickets.models import Ticket, TicketEvent

    calendar = Calendar.objects.create(name="Office", time_zone="Europe/Stockholm")
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(calendar=calendar, weekday=d, opens=clock_time(8), closes=clock_time(17))
        for d in range(5)
    )
    team = Team.objects.create(name="Support", calendar=calendar)
    hours.forget()
    contacts = Contact.objects.bulk_create(Contact(name=f"C{i}") for i in range(1000))
    statuses = [Status.NEW] * 2 + [Status.OPEN] * 5 + [Status.PENDING] * 3
    pending_old = 0
    tickets, changed = [], []
    weekend = (WEEKEND[1] - WEEKEND[0]).total_seconds()
    for i in range(n):
        status = rng.choice(statuses)
        if status == Status.NEW:
            created = WEEKEND[0] + timedelta(seconds=rng.random() * weekend)
        else:
            created = NOW - timedelta(minutes=rng.randrange(30 * 24 * 60))
        tickets.append(
            Ticket(
                number=i + 1,
                subject=f"Ticket {i}",
                status=status,
                channel="email",
                requester=contacts[i % len(contacts)],
                team=team,
                created_at=created,
                updated_at=created,
            )
        )
    for start in range(0, n, 5000):
        Ticket.objects.bulk_create(tickets[start : start + 5000])
    for ticket in tickets:
        if ticket.status == Status.PENDING:
            # 1 % waited more than five days; the rest changed status in the last five.
            old = rng.random() < 0.01
            at = NOW - timedelta(days=(5 + 10 * rng.random()) if old else 5 * rng.random())
            pending_old += old
            changed.append(
                TicketEvent(
                    ticket=ticket, kind=EventKind.STATUS_CHANGED, actor_kind="agent", created_at=at
                )
            )
    for start in range(0, len(changed), 5000):
        TicketEvent.objects.bulk_create(changed[start : start + 5000])
    analyze()
    return team, pending_old


def section_automations(args: argparse.Namespace, rng: random.Random) -> list[Figure]:
    from fyr.core import clock, configcache
    from fyr.rules import automations
    from fyr.rules import services as rules

    n = args.tickets or (5_000 if args.quick else 100_000)
    started = time.perf_counter()
    _team, pending_old = build_tickets(n, rng)
    print(f"built {n} tickets in {ms_since(started) / 1000:.1f} s ({pending_old} pending > 5 d)")
    pending = rules.create_automation(
        name="Pending 5 days",
        conditions={
            "all": [
                {"field": "ticket.status", "operator": "is", "value": "pending"},
                {"field": "time.status_changed", "operator": "gte", "value": 120},
            ]
        },
        actions=[{"type": "set_status", "value": "solved"}],
    )
    business = rules.create_automation(
        name="Unassigned 1 business hour",
        conditions={
            "all": [
                {"field": "ticket.assignee", "operator": "not_set"},
                {"field": "ticket.status", "operator": "is", "value": "new"},
                {"field": "time.created", "operator": "gte", "value": 1, "business": True},
            ]
        },
        actions=[{"type": "add_tags", "value": ["unassigned"]}],
    )
    figures = []
    for rule, label in ((pending, "pending"), (business, "business_hours")):
        configcache.clear()
        active = next(a for a in rules.active_automations() if a.id == rule.pk)
        with clock.at(NOW + timedelta(minutes=1)):
            started = time.perf_counter()
            fired = automations.run_one(active, NOW)
            first = ms_since(started)
            started = time.perf_counter()
            again = automations.run_one(active, NOW + timedelta(minutes=1))
            steady = ms_since(started)
        print(f"{rule.name}: first sweep fired {fired} in {first} ms; again {again} in {steady} ms")
        figures += [
            Figure(f"automation_{label}_first", first, "ms", n),
            Figure(f"automation_{label}_firings", fired, "tickets", n),
            Figure(f"automation_{label}_steady", steady, "ms", n),
        ]
        if fired:
            figures.append(
                Figure(f"automation_{label}_per_firing", round(first / fired, 2), "ms", n)
            )
    return figures


# --- triggers ----------------------------------------------------------------------------------


def section_triggers(args: argparse.Namespace, rng: random.Random) -> list[Figure]:
    from fyr.customers.services import Identity
    from fyr.rules import services as rules
    from fyr.rules.models import Trigger
    from fyr.tickets import services as tickets
    from fyr.tickets.inbound import Inbound

    samples = 50 if args.quick else 300
    counter = iter(range(10**9))

    def receive(i: int) -> None:
        number = next(counter)
        tickets.receive(
            Inbound(
                channel="email",
                sender=Identity("email", f"bench{number % 50}@example.com", ""),
                subject=f"Question {number}",
                text="Hej! Fakturan stämmer inte.",
                external_id=f"<bench-{number}@example.com>",
            )
        )

    def measure(label: str) -> list[Figure]:
        times = timed(receive, samples, warmup=10)
        return percentiles(f"receive_{label}", times, samples, levels=(50, 95), method="lower")

    figures = measure("no_triggers")
    for i in range(20):
        rules.create_trigger(
            name=f"T{i}",
            run_on=["created", "updated", "customer_message"],
            conditions={"all": [{"field": "ticket.priority", "operator": "is", "value": "urgent"}]},
            actions=[{"type": "add_tags", "value": [f"t{i}"]}],
        )
    figures += measure("20_triggers_none_match")
    Trigger.objects.filter(name="T0").update(
        conditions={
            "all": [{"field": "ticket.subject", "operator": "contains", "value": "question"}]
        }
    )
    from fyr.core import configcache

    configcache.clear()
    figures += measure("20_triggers_one_fires")
    return figures


SECTIONS = {"automations": section_automations, "triggers": section_triggers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=sorted(SECTIONS))
    parser.add_argument("--tickets", type=int, default=None)
    args = parser.parse_args()
    backend = prepare_environment(BENCH_DATABASE)
    setup_django(TASKS=DUMMY_TASKS, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    rng = random.Random(7)
    figures: list[Figure] = []
    for name, section in SECTIONS.items():
        if args.only and name != args.only:
            continue
        figures += section(args, rng)
    report(figures, backend)


if __name__ == "__main__":
    main()
