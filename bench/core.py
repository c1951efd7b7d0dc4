"""Benchmarks of Fyr's core: the desk inbox, a long ticket page, the REST API and its throughput.

    python bench/core.py [--quick] [--tickets N] [--samples N]

Builds its own data (bulk-inserted: this is load data, not behaviour under test), then prints a
readable table and one JSON line per figure, e.g.
``{"measure": "inbox_p95", "value": 41.2, "unit": "ms", "backend": "postgresql", "n": 100000}``.

Database: ``FYR_DATABASE_URL`` if set (PostgreSQL: a dedicated database ``fyr_bench`` on the same
server is dropped and created, the URL's own database is never touched), else SQLite in a
temporary ``FYR_DATA_DIR``. See ``bench/README.md`` for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DATABASE = "fyr_bench"
WARMUP = 5


# --- environment -------------------------------------------------------------------------------


def prepare_environment(reuse_tickets: int = 0) -> tuple[str, bool]:
    """Point Fyr at a throw-away database before Django starts; return the backend's name.

    With ``reuse_tickets`` (PostgreSQL only) the database ``fyr_bench`` is kept as it is if it
    already holds that many tickets, so the data set of an earlier run is measured again without
    being rebuilt. The second value says whether it was kept.
    """
    os.environ["FYR_DATA_DIR"] = tempfile.mkdtemp(prefix="fyr-bench-")
    (Path(os.environ["FYR_DATA_DIR"]) / "static").mkdir()  # quiets whitenoise's warning
    os.environ.setdefault("FYR_LOG_LEVEL", "WARNING")
    os.environ["FYR_DEBUG"] = "false"
    url = os.environ.get("FYR_DATABASE_URL", "")
    if not url:
        print(f"Database: SQLite in {os.environ['FYR_DATA_DIR']}")
        return "sqlite", False
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("bench/core.py: FYR_DATABASE_URL must be empty (SQLite) or a postgres:// URL")
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    os.environ["FYR_DATABASE_URL"] = bench_url
    if reuse_tickets and bench_tickets(bench_url) == reuse_tickets:
        print(
            f"Database: PostgreSQL, existing database {BENCH_DATABASE!r} on {parts.hostname} "
            f"(reused: it holds {reuse_tickets} tickets)"
        )
        return "postgresql", True
    recreate_postgres_database(maintenance_url())
    print(
        f"Database: PostgreSQL, dedicated database {BENCH_DATABASE!r} on {parts.hostname} "
        "(dropped and created for this run)"
    )
    return "postgresql", False


def maintenance_url() -> str:
    """The ``postgres`` database on the server of ``FYR_DATABASE_URL``."""
    return urlunsplit(urlsplit(os.environ["FYR_DATABASE_URL"])._replace(path="/postgres"))


def recreate_postgres_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')


def bench_tickets(url: str) -> int:
    """How many tickets the bench database at ``url`` holds; 0 if it or its tables are missing."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True) as connection:
            row = connection.execute("SELECT count(*) FROM tickets_ticket").fetchone()
    except psycopg.Error:
        return 0
    return int(row[0]) if row else 0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


# --- data ----------------------------------------------------------------------------------------


@dataclass
class BenchData:
    agent: object  # the agent the desk and API requests are made as
    team_id: int
    long_ticket_id: int
    long_ticket_number: int
    api_ticket_id: int
    tickets: int
    messages: int
    events: int


def build_data(n_tickets: int, messages_per_ticket: float, rng: random.Random) -> BenchData:
    """Bulk-insert a consistent help desk: each ticket's version, events and timestamps agree."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from fyr.accounts.models import Team, TeamMembership, User
    from fyr.customers.models import Contact, ContactIdentity, Organization
    from fyr.tickets.choices import PRIORITY_RANK
    from fyr.tickets.html import text_to_html
    from fyr.tickets.models import Counter, Message, Tag, Ticket, TicketEvent, TicketTag

    # Messages carry the HTML the services would store (made from the text when it is saved).
    INBOUND_TEXT = (
        "Hej! Jag har en fråga om min beställning. " * 4 + "\nSe https://example.se/order"
    )
    OUTBOUND_TEXT = "Hej, tack för ditt meddelande. Vi har kontrollerat ordern. " * 3 + "\nMvh"
    INBOUND_HTML, OUTBOUND_HTML = text_to_html(INBOUND_TEXT), text_to_html(OUTBOUND_TEXT)

    now = timezone.now()
    password = make_password("bench-password")
    teams = Team.objects.bulk_create(Team(name=f"Team {i}") for i in range(1, 6))
    agents = User.objects.bulk_create(
        User(email=f"agent{i}@bench.example", name=f"Agent {i}", role="agent", password=password)
        for i in range(20)
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(team=teams[i % len(teams)], user=a, is_lead=i < len(teams))
        for i, a in enumerate(agents)
    )
    members = {
        t.pk: [a for i, a in enumerate(agents) if i % len(teams) == k] for k, t in enumerate(teams)
    }
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Organisation {i} AB") for i in range(max(20, n_tickets // 200))
    )
    n_contacts = max(100, n_tickets // 10)
    contacts = Contact.objects.bulk_create(
        (
            Contact(
                name=f"Kund {i}",
                organization=orgs[i % len(orgs)] if i % 10 else None,
                language="sv",
            )
            for i in range(n_contacts)
        ),
        batch_size=5000,
    )
    ContactIdentity.objects.bulk_create(
        (
            ContactIdentity(contact=c, kind="email", value=f"kund{i}@bench.example")
            for i, c in enumerate(contacts)
        ),
        batch_size=5000,
    )
    tags = Tag.objects.bulk_create(
        Tag(name=n)
        for n in (
            "faktura",
            "leverans",
            "inloggning",
            "retur",
            "bugg",
            "vip",
            "avtal",
            "kreditering",
            "api",
            "mobilapp",
            "eskalerad",
            "byte",
        )
    )

    statuses = ["new", "open", "pending", "on_hold", "solved", "closed"]
    priorities = ["low", "normal", "high", "urgent"]
    channels = ["email", "web", "chat", "phone", "api"]
    n_messages = n_events = 0
    chunk = 2000
    long_ticket = None
    for start in range(0, n_tickets, chunk):
        rows = []
        for number in range(start + 1, min(start + chunk, n_tickets) + 1):
            age = timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
            created = now - age
            # Recent tickets are mostly unsolved, old ones mostly solved or closed.
            recent = age < timedelta(days=14)
            status = rng.choices(
                statuses, [20, 30, 15, 5, 15, 15] if recent else [1, 3, 3, 1, 12, 80]
            )[0]
            team = rng.choice(teams) if rng.random() > 0.05 else None
            assignee = rng.choice(members[team.pk]) if team and status != "new" else None
            priority = rng.choices(priorities, [15, 60, 20, 5])[0]
            updated = created + (now - created) * rng.random() * (0.3 if recent else 0.05)
            solved = updated if status in ("solved", "closed") else None
            rows.append(
                Ticket(
                    number=number,
                    subject=f"Ärende {number}: fråga om order {rng.randrange(10**5)}",
                    status=status,
                    priority=priority,
                    priority_rank=PRIORITY_RANK[priority],
                    channel=rng.choices(channels, [55, 15, 15, 10, 5])[0],
                    requester=rng.choice(contacts),
                    team=team,
                    assignee=assignee,
                    created_at=created,
                    updated_at=updated,
                    solved_at=solved,
                    closed_at=updated if status == "closed" else None,
                    first_responded_at=None if status == "new" else created + timedelta(hours=1),
                )
            )
        # Children point at the unsaved tickets; bulk_create fills in their ids before the
        # children are inserted, so each ticket's version is known up front (no bulk_update).
        messages, events, ticket_tags = [], [], []
        for ticket in rows:
            count = (
                1
                if ticket.status == "new"
                else max(2, int(rng.expovariate(1 / messages_per_ticket)) + 1)
            )
            if long_ticket is None:
                long_ticket, count = ticket, 100
            step = (ticket.updated_at - ticket.created_at) / count
            events.append(
                TicketEvent(
                    ticket=ticket,
                    kind="created",
                    actor_kind="contact",
                    actor_contact_id=ticket.requester_id,
                    data={"channel": ticket.channel},
                    created_at=ticket.created_at,
                )
            )
            for k in range(count):
                inbound = k % 2 == 0
                at = ticket.created_at + step * k
                messages.append(
                    Message(
                        ticket=ticket,
                        kind="reply" if inbound or k % 7 else "note",
                        direction="inbound" if inbound else "outbound",
                        channel=ticket.channel,
                        author_contact_id=ticket.requester_id if inbound else None,
                        author_agent_id=None if inbound else (ticket.assignee_id or agents[0].pk),
                        body_text=INBOUND_TEXT if inbound else OUTBOUND_TEXT,
                        body_html=INBOUND_HTML if inbound else OUTBOUND_HTML,
                        delivery_status="" if inbound else "sent",
                        created_at=at,
                    )
                )
                events.append(
                    TicketEvent(
                        ticket=ticket,
                        kind="message_received" if inbound else "reply_sent",
                        actor_kind="contact" if inbound else "agent",
                        actor_contact_id=ticket.requester_id if inbound else None,
                        actor_agent_id=None if inbound else (ticket.assignee_id or agents[0].pk),
                        created_at=at,
                    )
                )
            if ticket.assignee_id:
                events.append(
                    TicketEvent(
                        ticket=ticket,
                        kind="assignee_changed",
                        actor_kind="agent",
                        actor_agent_id=ticket.assignee_id,
                        data={"before": None, "after": ticket.assignee_id},
                        created_at=ticket.created_at + step / 2,
                    )
                )
            if ticket.status != "new":
                events.append(
                    TicketEvent(
                        ticket=ticket,
                        kind="status_changed",
                        actor_kind="agent",
                        actor_agent_id=ticket.assignee_id,
                        data={"before": "new", "after": ticket.status},
                        created_at=ticket.updated_at,
                    )
                )
            for tag in rng.sample(tags, rng.choice([0, 1, 1, 2])):
                ticket_tags.append(TicketTag(ticket=ticket, tag=tag))
            ticket.version = 1 + sum(1 for e in events[-(count + 3) :] if e.ticket is ticket)
        with transaction.atomic():
            Ticket.objects.bulk_create(rows, batch_size=1000)
            Message.objects.bulk_create(messages, batch_size=2000)
            TicketEvent.objects.bulk_create(events, batch_size=2000)
            TicketTag.objects.bulk_create(ticket_tags, batch_size=2000)
        n_messages += len(messages)
        n_events += len(events)
        print(
            f"  {min(start + chunk, n_tickets)}/{n_tickets} tickets, {n_messages} messages",
            end="\r",
            flush=True,
        )
    print()
    Counter.objects.update_or_create(name="ticket", defaults={"value": n_tickets})
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    assert long_ticket is not None
    api_ticket = Ticket.objects.filter(team=teams[0]).order_by("-updated_at").first()
    return BenchData(
        agent=agents[0],
        team_id=teams[0].pk,
        long_ticket_id=long_ticket.pk,
        long_ticket_number=long_ticket.number,
        api_ticket_id=api_ticket.pk,
        tickets=n_tickets,
        messages=n_messages,
        events=n_events,
    )


def existing_data(n_tickets: int) -> BenchData | None:
    """The data set an earlier run built in this database, if it has ``n_tickets`` tickets."""
    from fyr.accounts.models import Team, User
    from fyr.tickets.models import Message, Ticket, TicketEvent

    tickets = Ticket.objects.count()
    agent = User.objects.filter(email="agent0@bench.example").first()
    team = Team.objects.filter(name="Team 1").first()
    long_ticket = Ticket.objects.filter(number=1).first()
    if tickets != n_tickets or agent is None or team is None or long_ticket is None:
        return None
    api_ticket = Ticket.objects.filter(team=team).order_by("-updated_at").first()
    assert api_ticket is not None
    return BenchData(
        agent=agent,
        team_id=team.pk,
        long_ticket_id=long_ticket.pk,
        long_ticket_number=long_ticket.number,
        api_ticket_id=api_ticket.pk,
        tickets=tickets,
        messages=Message.objects.count(),
        events=TicketEvent.objects.count(),
    )


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Figure:
    measure: str
    value: float
    unit: str


class Skip(Exception):
    """A measurement that cannot run here (its endpoint is missing or broken): say why."""


def timed(call: Callable[[], object], samples: int) -> list[float]:
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentiles(name: str, times: list[float]) -> list[Figure]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return [
        Figure(f"{name}_p50", round(statistics.median(ordered), 2), "ms"),
        Figure(f"{name}_p95", round(p95, 2), "ms"),
    ]


#: SQL queries of one request per measured page, reported as ``<name>_queries``.
QUERY_COUNTS: dict[str, int] = {}


def checked_get(client, path: str, name: str = "", **headers: str) -> Callable[[], object]:
    """A request function, after one trial request shows the endpoint answers 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **headers)
    except Exception as exc:  # the view raised: the endpoint is not ready
        raise Skip(f"GET {path} raised {type(exc).__name__}: {exc}") from exc
    if response.status_code != 200:
        raise Skip(f"GET {path} answered {response.status_code}")
    if name:
        QUERY_COUNTS[name] = len(queries)

    def call() -> object:
        result = client.get(path, **headers)
        assert result.status_code == 200, (path, result.status_code)
        return result

    return call


def measure_inbox(client, data: BenchData, samples: int) -> list[Figure]:
    figures = []
    for sort in ("updated", "priority"):
        path = f"/desk/?view=open&team={data.team_id}&sort={sort}"
        try:
            name = "inbox" if sort == "updated" else "inbox_priority"
            call = checked_get(client, path, name)
            figures += percentiles(name, timed(call, samples))
        except Skip as reason:
            print(
                f"  inbox ({sort}): desk view not usable ({reason}); timing the equivalent "
                "visible_tickets query + render instead"
            )
            figures += percentiles(
                f"inbox_query_{sort}", timed(inbox_fallback(data, sort), samples)
            )
    return figures


def inbox_fallback(data: BenchData, sort: str) -> Callable[[], object]:
    from django.template import engines

    from fyr.tickets.choices import UNSOLVED
    from fyr.tickets.queries import visible_tickets

    ordering = (
        ("-updated_at", "-id") if sort == "updated" else ("-priority_rank", "-updated_at", "-id")
    )
    template = engines["django"].from_string(
        "{% for t in tickets %}<tr><td>#{{ t.number }}</td><td>{{ t.subject }}</td>"
        "<td>{{ t.requester.name }}</td><td>{{ t.get_status_display }}</td>"
        "<td>{{ t.assignee.name }}</td><td>{{ t.team.name }}</td><td>{{ t.updated_at }}</td>"
        "<td>{% for tag in t.tags.all %}{{ tag.name }} {% endfor %}</td></tr>{% endfor %}"
    )

    def call() -> object:
        tickets = list(
            visible_tickets(data.agent)
            .filter(team_id=data.team_id, status__in=UNSOLVED)
            .select_related("requester", "organization", "assignee", "team")
            .prefetch_related("tags")
            .order_by(*ordering)[:50]
        )
        return template.render({"tickets": tickets})

    return call


def measure_ticket_page(client, data: BenchData, samples: int) -> list[Figure]:
    call = checked_get(client, f"/desk/tickets/{data.long_ticket_number}/", "ticket_page")
    return percentiles("ticket_page", timed(call, samples))


def measure_api(client, data: BenchData, token: str, samples: int) -> list[Figure]:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    figures = []
    try:
        call = checked_get(
            client, f"/api/v1/tickets/{data.api_ticket_id}", "api_get_ticket", **auth
        )
        figures += percentiles("api_get_ticket", timed(call, samples))
    except Skip as reason:
        print(f"  skipped api_get_ticket: {reason}")
    path = f"/api/v1/tickets/{data.api_ticket_id}/messages"

    def post() -> object:
        response = client.post(
            path,
            {"body": "Bench: intern anteckning.", "internal": True},
            content_type="application/json",
            **auth,
        )
        if response.status_code != 201:
            raise Skip(f"POST {path} answered {response.status_code}: {response.content[:200]!r}")
        return response

    try:
        post()
        figures += percentiles("api_post_note", timed(post, samples))
    except Skip as reason:
        print(f"  skipped api_post_note: {reason}")
    except Exception as exc:
        print(f"  skipped api_post_note: POST raised {type(exc).__name__}: {exc}")
    return figures


# --- requests per second against a real server ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_rps(data: BenchData, token: str, seconds: float, threads: int) -> list[Figure]:
    port = free_port()
    fyr = Path(sys.executable).with_name("fyr")
    command = [str(fyr)] if fyr.exists() else [sys.executable, "-m", "fyr.cli"]
    server = subprocess.Popen(
        [*command, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        if not wait_healthy(port, server, timeout=30):
            err = server.stderr.read().decode(errors="replace")[-500:] if server.poll() else ""
            raise Skip(f"fyr serve did not answer /healthz on port {port} {err}")
        figures = []
        api_path = f"/api/v1/tickets/{data.api_ticket_id}"
        headers = {"Authorization": f"Bearer {token}"}
        status = probe(port, api_path, headers)
        if status == 200:
            figures.append(
                Figure("api_rps", hammer(port, api_path, headers, seconds, threads), "req/s")
            )
        else:
            print(f"  skipped api_rps: GET {api_path} answered {status}")
        figures.append(
            Figure("healthz_rps", hammer(port, "/healthz", {}, seconds, threads), "req/s")
        )
        return figures
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def wait_healthy(port: int, server: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            if probe(port, "/healthz", {}) == 200:
                return True
        except OSError:
            time.sleep(0.2)
    return False


def probe(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def hammer(port: int, path: str, headers: dict[str, str], seconds: float, threads: int) -> float:
    """Keep-alive GETs from ``threads`` threads for ``seconds``; successful responses per second."""
    counts = [0] * threads
    errors = [0] * threads
    deadline = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.monotonic() - started
    if sum(errors):
        print(f"  {path}: {sum(errors)} failed requests")
    return round(sum(counts) / elapsed, 1)


# --- main ----------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="~5,000 tickets, under a minute")
    parser.add_argument("--tickets", type=int, help="tickets to build (default 100,000)")
    parser.add_argument("--samples", type=int, help="timed requests per figure (min 50)")
    parser.add_argument("--seconds", type=float, help="duration of each requests/s run")
    parser.add_argument("--threads", type=int, default=8, help="client threads for requests/s")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure the data already in fyr_bench if it has the same size",
    )
    args = parser.parse_args()
    n = args.tickets or (5000 if args.quick else 100_000)
    samples = max(50, args.samples or (50 if args.quick else 200))
    seconds = args.seconds or (4.0 if args.quick else 15.0)

    started = time.monotonic()
    backend, reusing = prepare_environment(reuse_tickets=n if args.reuse else 0)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    setup_django()
    print(f"Migrated in {time.monotonic() - started:.1f} s")
    from django.test import Client

    from fyr.accounts.services import issue_token

    reused = existing_data(n) if reusing else None
    if reused is not None:
        data, built = reused, 0.0
        print(
            f"Reusing {data.tickets} tickets, {data.messages} messages, {data.events} events "
            f"already in {BENCH_DATABASE!r}"
        )
    else:
        if reusing:
            sys.exit(
                f"bench/core.py: {BENCH_DATABASE!r} is not a bench data set; run without --reuse"
            )
        print(f"Building {n} tickets (~{n * 5} messages)…")
        building = time.monotonic()
        data = build_data(n, 5.0, random.Random(1))
        built = time.monotonic() - building
        print(
            f"Built {data.tickets} tickets, {data.messages} messages, {data.events} events "
            f"in {built:.1f} s"
        )

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(data.agent)
    token = issue_token(data.agent, name="bench")
    figures = [] if reused else [Figure("build_seconds", round(built, 1), "s")]
    for name, run in (
        ("inbox", lambda: measure_inbox(client, data, samples)),
        ("ticket page", lambda: measure_ticket_page(client, data, samples)),
        ("api", lambda: measure_api(client, data, token, samples)),
        ("requests/s", lambda: measure_rps(data, token, seconds, args.threads)),
    ):
        try:
            figures += run()
        except Skip as reason:
            print(f"  skipped {name}: {reason}")

    figures += [Figure(f"{name}_queries", count, "queries") for name, count in QUERY_COUNTS.items()]
    print()
    print(f"{'measure':<28}{'value':>12}  unit    (backend {backend}, n={n})")
    for figure in figures:
        print(f"{figure.measure:<28}{figure.value:>12}  {figure.unit}")
    for figure in figures:
        print(
            json.dumps(
                {
                    "measure": figure.measure,
                    "value": figure.value,
                    "unit": figure.unit,
                    "backend": backend,
                    "n": n,
                }
            )
        )
    print(f"Total {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
