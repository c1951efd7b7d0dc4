"""Benchmarks of the service workflow: routing decisions and the SLA sweep.

    python bench/workflow.py [--quick] [--only routing|sla] [--decisions N]

Each section builds its own data (bulk-inserted: load, not behaviour under test) and measures;
``--only NAME`` runs one. Sections:

- ``routing``: one team of 500 agents (60 % online, 20 % away, 20 % offline; capacities from 10
  to 60 or none; 0–4 of 12 skills each) holding ~20,000 open tickets spread over them, plus
  waiting ones; ``choose_agent`` timed over 1,000 decisions per assignment mode (round robin,
  least open, skills), each for a random waiting ticket. The target: p99 under 5 ms.

- ``sla``: 100,000 open tickets (10,000 with ``--quick``), each with a running first-response and
  resolution clock, deadlines spread from an hour ago to three days ahead; the minute's sweep
  timed when nothing crosses a line (median of 20), in a busy minute (the next 5 minutes' warnings
  and breaches, about 1–2 % of the clocks) and in a burst (the next 3 hours' at once, as after a
  worker that stood still). The target: under 2 s.

To add a section, write ``def section_NAME(args, rng) -> list[Figure]`` and list it in
``SECTIONS``.

Database: ``FYR_DATABASE_URL`` (PostgreSQL: a dedicated database ``fyr_bench_workflow`` on the
same server is dropped and created; the URL's own database is never touched), else SQLite in a
temporary ``FYR_DATA_DIR``. Prints a table and one JSON line per figure, e.g.
``{"measure": "route_round_robin_p99", "value": 1.9, "unit": "ms", "backend": "sqlite", "n": 500}``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from common import Figure, analyze, percentiles, prepare_environment, report, setup_django, timed

BENCH_DATABASE = "fyr_bench_workflow"
WARMUP = 20


# --- routing -----------------------------------------------------------------------------------

SKILLS = [
    "English",
    "German",
    "Finnish",
    "Invoicing",
    "Refunds",
    "Contracts",
    "API",
    "Mobile app",
    "Deliveries",
    "Returns",
    "Security",
    "Hardware",
]
TAGS = ["faktura", "retur", "leverans", "api", "mobilapp", "avtal", "kreditering", "bugg"]


@dataclass(frozen=True)
class RoutingData:
    team_id: int
    waiting_ids: list[int]
    open_tickets: int


def build_routing(n_agents: int, n_open: int, n_waiting: int, rng: random.Random) -> RoutingData:
    """One team of ``n_agents`` with ``n_open`` open tickets assigned among them."""
    from django.db import transaction
    from django.utils import timezone

    from fyr.accounts.models import Skill, Team, TeamMembership, User
    from fyr.customers.models import Contact
    from fyr.routing.models import SkillRule
    from fyr.tickets.models import Tag, Ticket, TicketTag

    now = timezone.now()
    with transaction.atomic():
        team = Team.objects.create(name="Kundtjänst")
        skills = Skill.objects.bulk_create(Skill(name=name) for name in SKILLS)
        availability = rng.choices(["online", "away", "offline"], [60, 20, 20], k=n_agents)
        agents = User.objects.bulk_create(
            User(
                email=f"agent{i}@bench.example",
                name=f"Agent {i:04d}",
                role="agent",
                password="!",
                availability=availability[i],
                max_open_tickets=None if rng.random() < 0.15 else rng.randrange(10, 61),
            )
            for i in range(n_agents)
        )
        TeamMembership.objects.bulk_create(
            TeamMembership(
                team=team,
                user=agent,
                last_assigned_at=None
                if rng.random() < 0.05
                else now - rng.random() * timedelta(hours=8),
            )
            for agent in agents
        )
        User.skills.through.objects.bulk_create(
            User.skills.through(user_id=agent.pk, skill_id=skill.pk)
            for agent in agents
            for skill in rng.sample(skills, rng.randrange(0, 5))
        )
        tags = Tag.objects.bulk_create(Tag(name=name) for name in TAGS)
        SkillRule.objects.bulk_create(
            [
                SkillRule(skill=skills[3], tag="faktura"),
                SkillRule(skill=skills[4], tag="kreditering"),
                SkillRule(skill=skills[5], tag="avtal"),
                SkillRule(skill=skills[6], tag="api"),
                SkillRule(skill=skills[7], tag="mobilapp"),
                SkillRule(skill=skills[0], language="en"),
                SkillRule(skill=skills[1], language="de"),
            ]
        )
        contacts = Contact.objects.bulk_create(
            Contact(name=f"Kund {i}", language=rng.choices(["sv", "en", "de"], [80, 15, 5])[0])
            for i in range(max(100, n_open // 20))
        )
        weights = [rng.random() for _ in agents]
        rows = []
        for number in range(1, n_open + n_waiting + 1):
            waiting = number > n_open
            status = "new" if waiting else rng.choices(["new", "open"], [30, 70])[0]
            rows.append(
                Ticket(
                    number=number,
                    subject=f"Ärende {number}",
                    status=status,
                    channel="email",
                    requester=rng.choice(contacts),
                    team=team,
                    assignee=None if waiting else rng.choices(agents, weights)[0],
                    created_at=now,
                    updated_at=now,
                )
            )
        # Closed history besides: the open-work count must find open tickets among many.
        for number in range(n_open + n_waiting + 1, 2 * n_open + n_waiting + 1):
            rows.append(
                Ticket(
                    number=number,
                    subject=f"Ärende {number}",
                    status=rng.choice(["solved", "closed", "pending"]),
                    channel="email",
                    requester=rng.choice(contacts),
                    team=team,
                    assignee=rng.choice(agents),
                    created_at=now,
                    updated_at=now,
                )
            )
        tickets = Ticket.objects.bulk_create(rows, batch_size=2000)
        waiting_tickets = tickets[n_open : n_open + n_waiting]
        TicketTag.objects.bulk_create(
            TicketTag(ticket=ticket, tag=tag)
            for ticket in waiting_tickets
            for tag in rng.sample(tags, rng.randrange(0, 3))
        )
    from fyr.routing import loads

    loads.recount()  # the data was bulk-inserted: no observer counted agents' open work
    analyze()
    return RoutingData(team.pk, [t.pk for t in waiting_tickets], n_open)


def section_routing(args: argparse.Namespace, rng: random.Random) -> list[Figure]:
    from fyr.accounts.choices import AssignmentMode
    from fyr.routing import services as routing
    from fyr.tickets.models import Ticket

    n_agents = 500
    n_open = 5_000 if args.quick else 20_000
    decisions = args.decisions or (300 if args.quick else 1000)
    started = time.monotonic()
    data = build_routing(n_agents, n_open, n_waiting=500, rng=rng)
    figures = [Figure("routing_build_seconds", round(time.monotonic() - started, 1), "s", n_open)]
    waiting = list(Ticket.objects.filter(pk__in=data.waiting_ids))
    routing.required_skills(tags=[], ticket_type="", language="")  # rules cached, as in a process
    for mode in (AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_OPEN, AssignmentMode.SKILLS):
        chosen = 0

        def decide(i: int, mode: str = mode) -> None:
            nonlocal chosen
            if routing.choose_agent(waiting[i % len(waiting)], mode=mode) is not None:
                chosen += 1

        times = timed(decide, decisions, warmup=WARMUP)
        figures += percentiles(f"route_{mode}", times, n_agents)
        print(f"  {mode}: an agent found in {chosen} of {decisions + WARMUP} decisions")
    return figures


# --- SLA sweep ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaData:
    now: datetime
    open_tickets: int


def build_sla(n_open: int, rng: random.Random) -> SlaData:
    """``n_open`` open tickets, each with a running first-response and resolution clock of one
    policy (calendar time), deadlines spread over the coming days; a ticket number range of its
    own so it can share the database with other sections."""
    from django.db import transaction
    from django.utils import timezone

    from fyr.customers.models import Contact
    from fyr.sla.choices import ClockState, Metric
    from fyr.sla.models import SlaClock, SlaPolicy, SlaTarget
    from fyr.tickets.models import Ticket

    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        policy = SlaPolicy.objects.create(name="Bench", warn_before_minutes=30)
        SlaTarget.objects.bulk_create(
            [
                SlaTarget(policy=policy, metric=Metric.FIRST_RESPONSE, minutes=240),
                SlaTarget(policy=policy, metric=Metric.RESOLUTION, minutes=3 * 24 * 60),
            ]
        )
        contacts = Contact.objects.bulk_create(
            Contact(name=f"SLA-kund {i}") for i in range(n_open // 10)
        )
        tickets = Ticket.objects.bulk_create(
            (
                Ticket(
                    number=10_000_000 + i,
                    subject=f"SLA-ärende {i}",
                    status="open",
                    channel="email",
                    requester=contacts[i % len(contacts)],
                    created_at=now,
                    updated_at=now,
                )
                for i in range(n_open)
            ),
            batch_size=5000,
        )
        clocks = []
        for ticket in tickets:
            for metric, spread in ((Metric.FIRST_RESPONSE, 4 * 60), (Metric.RESOLUTION, 3 * 1440)):
                due = now + timedelta(minutes=rng.uniform(-spread / 4, spread))
                clocks.append(
                    SlaClock(
                        ticket=ticket,
                        policy=policy,
                        metric=metric,
                        target_minutes=spread,
                        business_hours=False,
                        state=ClockState.RUNNING,
                        started_at=now,
                        running_since=now,
                        due_at=due,
                        warn_at=due - timedelta(minutes=30),
                        # what is already overdue was seen by earlier sweeps
                        warned_at=now if due - timedelta(minutes=30) <= now else None,
                        breached_at=due if due <= now else None,
                    )
                )
        SlaClock.objects.bulk_create(clocks, batch_size=5000)
        due_at = {c.ticket_id: c.due_at for c in clocks if c.metric == Metric.FIRST_RESPONSE}
        Ticket.objects.bulk_update(
            [Ticket(pk=pk, sla_due_at=due) for pk, due in due_at.items()],
            ["sla_due_at"],
            batch_size=5000,
        )
    analyze()
    return SlaData(now, n_open)


def section_sla(args: argparse.Namespace, rng: random.Random) -> list[Figure]:
    """The minute's sweep over ``n`` open tickets (two running clocks each): a quiet minute (no
    line crossed), a busy minute (about 1 % of the clocks warn or breach) and a burst (every
    clock due within the next 3 hours at once, as after a stopped worker)."""
    from fyr.sla import sweep

    n_open = 10_000 if args.quick else 100_000
    started = time.monotonic()
    data = build_sla(n_open, rng)
    figures = [Figure("sla_build_seconds", round(time.monotonic() - started, 1), "s", n_open)]

    quiet = timed(lambda i: sweep.sweep(data.now), 20, warmup=WARMUP)
    figures.append(Figure("sla_sweep_quiet_ms", round(statistics.median(quiet), 2), "ms", n_open))
    for name, minutes in (("busy", 5), ("burst", 180)):
        at = data.now + timedelta(minutes=minutes)
        started = time.perf_counter()
        result = sweep.sweep(at)
        seconds = time.perf_counter() - started
        crossed = result.warnings + result.breaches
        print(
            f"  {name}: {result.warnings} warnings, {result.breaches} breaches in {seconds:.2f} s"
        )
        figures.append(Figure(f"sla_sweep_{name}_seconds", round(seconds, 3), "s", n_open))
        figures.append(Figure(f"sla_sweep_{name}_crossings", crossed, "", n_open))
    return figures


#: Sections by name, in the order they run; each returns its figures.
SECTIONS: dict[str, Callable[[argparse.Namespace, random.Random], list[Figure]]] = {
    "routing": section_routing,
    "sla": section_sla,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, under a minute")
    parser.add_argument("--only", choices=sorted(SECTIONS), help="run one section")
    parser.add_argument("--decisions", type=int, help="routing decisions timed per mode")
    args = parser.parse_args()
    started = time.monotonic()
    backend = prepare_environment(BENCH_DATABASE)
    setup_django()
    rng = random.Random(4)
    figures: list[Figure] = []
    for name, section in SECTIONS.items():
        if args.only and name != args.only:
            continue
        print(f"Section {name}…")
        figures += section(args, rng)
    report(figures, backend)
    print(f"Total {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
