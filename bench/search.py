"""Benchmark of search: ticket search over 100,000 tickets and 1,000,000 messages, and article
search over 5,000 articles.

    python bench/search.py [--quick] [--tickets N] [--queries N]

Data (bulk-inserted, not through ``receive``: load, not behaviour under test): 2,000 contacts;
four teams; tickets with ten messages each (``--quick``: 10,000 tickets, 100,000 messages, 1,000
articles), the text drawn from a Zipf-like vocabulary of Swedish and English support words (a
few hundred real ones, common to rare, and thousands of rarer generated ones: order numbers,
product names), a third of the tickets in English. The index is then built in bulk
(``fyr.search.indexing.reindex``), timed.

Queries (``--queries``, default 200), each run as an administrator (every ticket) and as an
agent of one team: single common and rare words, two words, a phrase, an exclusion, filters
(``status:open``, ``assignee:me``, ``tag:``), a typo ("fakutra"), a ticket number. Articles: the
same number of customer searches (published public articles only). Targets: ticket search p95
under 100 ms on PostgreSQL, article search p95 under 20 ms.

Database: ``FYR_DATABASE_URL`` (PostgreSQL: a dedicated database ``fyr_bench_search`` is
dropped and created) or SQLite in a temporary ``FYR_DATA_DIR``. Prints a table and one JSON
line per figure.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from datetime import timedelta

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

SWEDISH = str.split(
    """faktura fakturan fakturor betalning betala kort leverans leveransen paket order
beställning retur returnera kvitto konto lösenord inloggning adress fakturaadress kundnummer
ordernummer pris rabatt kampanj abonnemang uppsägning säga upp avgift påminnelse inkasso
återbetalning kreditnota swish autogiro bankgiro saldo skuld datum förfallodag försenad trasig
skadad fel vara varor storlek byte byta garanti reklamation support hjälp fråga svar snabbt
tack hej hälsningar vänliga med vänlig hälsning jag vi ni du min mitt har inte kan vill skulle
behöver fått fick kom kommer ännu igen redan idag imorgon igår vecka månad telefon mejl"""
)
ENGLISH = str.split(
    """invoice invoices payment pay card delivery package order refund receipt account
password login address customer number price discount subscription cancel fee reminder late
broken damaged wrong item size exchange warranty complaint support help question answer quickly
thanks hello regards kind please my our have not can would need received still again today
tomorrow yesterday week month phone email shipping tracking"""
)
FUNCTION = {
    "sv": str.split("och att det som en på är av för med till den har de inte om ett men var så"),
    "en": str.split("the and to of a in is that it for you was with on as have be at not this"),
}


def vocabulary(rng: random.Random, language: str) -> tuple[list[str], list[float]]:
    """Words and Zipf weights: function words first, then support words, then 5,000 rare
    generated ones (product and place names, codes)."""
    real = SWEDISH if language == "sv" else ENGLISH
    syllables = ["ka", "lo", "ver", "sta", "mi", "ne", "dor", "tra", "fi", "gul", "ben", "sol"]
    generated = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(5000)
    ]
    words = [*FUNCTION[language], *real, *generated]
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


def build(args: argparse.Namespace, rng: random.Random) -> dict:
    from django.db import transaction

    from fyr.accounts import services as accounts
    from fyr.accounts.choices import Role
    from fyr.customers.models import Contact, ContactIdentity
    from fyr.knowledge.models import Article, Category, Section
    from fyr.tickets.choices import Status
    from fyr.tickets.models import Message, Tag, Ticket, TicketTag

    teams = [accounts.get_or_create_team(name) for name in ("Support", "Billing", "Sales", "IT")]
    admin = accounts.create_agent(
        email="admin@bench.se", name="Admin", role=Role.ADMIN, password="x" * 12, teams=[]
    )
    agent = accounts.create_agent(
        email="agent@bench.se", name="Agent", role=Role.AGENT, password="x" * 12, teams=[teams[0]]
    )
    contacts = Contact.objects.bulk_create(
        [Contact(name=f"Kund {i} Andersson") for i in range(2000)], batch_size=1000
    )
    ContactIdentity.objects.bulk_create(
        [
            ContactIdentity(contact=c, kind="email", value=f"kund{i}@exempel.se")
            for i, c in enumerate(contacts)
        ],
        batch_size=1000,
    )
    vocab = {lang: vocabulary(rng, lang) for lang in ("sv", "en")}

    def sentence(language: str, n: int) -> str:
        words, cumulative = vocab[language]
        return " ".join(rng.choices(words, cum_weights=cumulative, k=n))

    statuses = [Status.NEW, Status.OPEN, Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED]
    start = time.perf_counter()
    now = __import__("django.utils.timezone", fromlist=["now"]).now()
    batch = 2000
    tag = Tag.objects.create(name="faktura")
    for first in range(0, args.tickets, batch):
        with transaction.atomic():
            tickets = []
            for i in range(first, min(first + batch, args.tickets)):
                language = "en" if i % 3 == 0 else "sv"
                created = now - timedelta(minutes=args.tickets - i)
                tickets.append(
                    Ticket(
                        number=i + 1,
                        subject=sentence(language, rng.randint(3, 7)).capitalize(),
                        status=rng.choice(statuses),
                        channel="email",
                        requester=contacts[i % len(contacts)],
                        team=teams[i % len(teams)],
                        assignee=agent if i % 8 == 0 else None,
                        created_at=created,
                        updated_at=created,
                    )
                )
            Ticket.objects.bulk_create(tickets, batch_size=1000)
            TicketTag.objects.bulk_create(
                [TicketTag(ticket=t, tag=tag) for t in tickets if t.number % 5 == 0]
            )
            messages = []
            for ticket in tickets:
                language = "en" if ticket.number % 3 == 1 else "sv"
                for m in range(10):
                    messages.append(
                        Message(
                            ticket=ticket,
                            kind="note" if m == 9 else "reply",
                            direction="inbound" if m % 2 == 0 else "outbound",
                            channel="email",
                            body_text=sentence(language, rng.randint(15, 60)),
                            created_at=ticket.created_at + timedelta(seconds=m),
                        )
                    )
            Message.objects.bulk_create(messages, batch_size=1000)
    load_seconds = time.perf_counter() - start
    category = Category.objects.create(slug="help", name_sv="Hjälp")
    section = Section.objects.create(category=category, slug="all", name_sv="Allt")
    Article.objects.bulk_create(
        [
            Article(
                section=section,
                language="en" if i % 3 == 0 else "sv",
                title=sentence("en" if i % 3 == 0 else "sv", 5).capitalize(),
                slug=f"article-{i}",
                summary=sentence("en" if i % 3 == 0 else "sv", 15),
                body_markdown=sentence("en" if i % 3 == 0 else "sv", 300),
                status="published" if i % 10 else "draft",
                visibility="internal" if i % 7 == 0 else "public",
            )
            for i in range(args.articles)
        ],
        batch_size=500,
    )
    return {"admin": admin, "agent": agent, "load_seconds": load_seconds}


TICKET_QUERIES = [
    "faktura",
    "fakturan",
    "leverans",
    "återbetalning",
    "kreditnota",
    "invoice",
    "refund",
    "faktura leverans",
    "betala kort",
    "password login",
    '"betala med kort"',
    "faktura -leverans",
    "retur OR reklamation",
    "status:open faktura",
    "assignee:me",
    "tag:faktura status:open",
    "fakutra",
    "swish autogiro",
    "kund123",
    "42",
]
ARTICLE_QUERIES = [
    "faktura",
    "betala kort",
    "leverans försenad",
    "lösenord",
    "refund",
    "password",
    "abonnemang uppsägning",
    "retur",
    "fakturaadress",
    "invoice payment",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--tickets", type=int, default=0)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    args.tickets = args.tickets or (10_000 if args.quick else 100_000)
    args.articles = 1000 if args.quick else 5000
    backend = prepare_environment("fyr_bench_search")
    setup_django(TASKS=DUMMY_TASKS)
    from fyr.search import indexing
    from fyr.search.services import search

    rng = random.Random(7)
    data = build(args, rng)
    print(f"loaded {args.tickets} tickets in {data['load_seconds']:.1f} s")
    started = time.perf_counter()
    done = indexing.reindex()
    index_seconds = time.perf_counter() - started
    analyze()
    print(f"indexed {done} in {index_seconds:.1f} s")
    messages = args.tickets * 10
    figures = [Figure("index_build", round(index_seconds, 1), "s", messages)]

    for who in ("admin", "agent"):
        user = data[who]

        def ticket_query(i: int, user=user) -> object:
            return search(TICKET_QUERIES[i % len(TICKET_QUERIES)], scope="tickets", user=user)

        times = timed(ticket_query, args.queries, warmup=len(TICKET_QUERIES))
        figures += percentiles(f"ticket_search_{who}", times, args.tickets, levels=(50, 95))
        by_query = {
            q: min(
                timed(lambda _i, q=q, user=user: search(q, scope="tickets", user=user), 2, warmup=0)
            )
            for q in TICKET_QUERIES
        }
        slowest = sorted(by_query.items(), key=lambda item: -item[1])[:3]
        print(f"slowest queries as {who}: " + ", ".join(f"{q!r} {ms:.0f} ms" for q, ms in slowest))

    def article_query(i: int) -> object:
        return search(ARTICLE_QUERIES[i % len(ARTICLE_QUERIES)], scope="articles", user=None)

    times = timed(article_query, args.queries, warmup=len(ARTICLE_QUERIES))
    figures += percentiles("article_search", times, args.articles, levels=(50, 95))
    report(figures, backend)


if __name__ == "__main__":
    main()
