"""Benchmarks of the email channel: how many mails per second each inbound path takes in, at what
peak memory, and how long the pathological inputs take.

    python bench/mail.py [--quick] [--messages N] [--paths receive,ingest,http,lmtp,imap] [--sla]

A generated corpus (default 10,000 mails: 30 % replies to earlier ones, 20 % with a PDF
attachment, Swedish text, 2,000 senders) goes through each path, each in its own process with its
own fresh database, so peak memory (``ru_maxrss``) belongs to that path alone:

- ``receive``: pre-parsed ``Inbound``s straight into the core's ``receive`` (the target: at least
  300 messages/s on SQLite on one core);
- ``ingest``: raw bytes through ``fyr.mail.services.ingest`` (keep the original, parse, fold
  quotes, thread, receive);
- ``http``: ``POST /api/v1/inbound/email`` through Django's full request stack;
- ``lmtp``: a real ``fyr`` LMTP server in a thread, fed by ``smtplib.LMTP``;
- ``imap``: a real Dovecot (Debian's ``dovecot-imapd``) holding the corpus, read by ``fetch_mailbox``.

``--sla`` measures with the service workflow configured as a company would have it: a default
business-hours calendar and two SLA policies (every new ticket and reply starts SLA clocks).

Database: ``FYR_DATABASE_URL`` (PostgreSQL: a dedicated database ``fyr_bench_mail`` is dropped and
created per path) or SQLite in a temporary ``FYR_DATA_DIR``. Prints a table and one JSON line per
figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "fyr_bench_mail"
PATHS = ("receive", "ingest", "http", "lmtp", "imap")
PATHOLOGICAL = [
    "github-email_reply_parser/emails/pathological.txt",
    "github-email_reply_parser/emails/email_long_quote.txt",
    "flanker/torture.eml",
]

WORDS = [
    "hej",
    "faktura",
    "leverans",
    "order",
    "beställning",
    "retur",
    "paket",
    "kvitto",
    "konto",
    "lösenord",
    "inloggning",
    "abonnemang",
    "uppsägning",
    "betalning",
    "kort",
    "swish",
    "tack",
    "hjälp",
    "fel",
    "trasig",
    "saknas",
    "försenad",
    "snart",
    "idag",
    "imorgon",
    "vecka",
    "månad",
    "kundnummer",
    "ordernummer",
    "adress",
    "telefon",
    "mejl",
    "svar",
    "fråga",
    "problem",
]


def corpus(count: int, seed: int = 42) -> list[bytes]:
    rng = random.Random(seed)
    mails: list[bytes] = []
    ids: list[tuple[str, str, str]] = []  # (message id, sender, subject)
    for n in range(count):
        mail = EmailMessage()
        if ids and rng.random() < 0.30:
            parent_id, sender, subject = rng.choice(ids)
            mail["In-Reply-To"] = f"<{parent_id}>"
            mail["References"] = f"<{parent_id}>"
            subject = subject if subject.startswith("SV:") else f"SV: {subject}"
        else:
            sender = f"kund{rng.randrange(2000)}@kund{rng.randrange(300)}.se"
            subject = " ".join(rng.choice(WORDS) for _ in range(5)).capitalize()
        message_id = f"bench.{n}@kunder.example"
        mail["From"] = f"Kund {sender.split('@')[0][4:]} <{sender}>"
        mail["To"] = "support@fyr.bench"
        mail["Subject"] = subject
        mail["Date"] = format_datetime(time_of(n))
        mail["Message-ID"] = f"<{message_id}>"
        text = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 30))).capitalize() + "."
            for _ in range(rng.randrange(1, 4))
        )
        if "In-Reply-To" in mail:
            text += "\n\nDen 3 mars 2025 kl. 10:15 skrev Fyr Support <support@fyr.bench>:\n> Hej!\n"
        mail.set_content(text)
        if rng.random() < 0.20:
            mail.add_attachment(
                rng.randbytes(20_000),
                maintype="application",
                subtype="pdf",
                filename=f"bilaga-{n}.pdf",
            )
        mails.append(bytes(mail))
        ids.append((message_id, sender, subject))
    return mails


def time_of(n: int):
    from datetime import UTC, datetime, timedelta

    return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n)


# --- the child process: one path, one fresh database ---------------------------------------------


def child(path: str, count: int) -> dict:
    os.environ["FYR_DATA_DIR"] = tempfile.mkdtemp(prefix="fyr-bench-mail-")
    (Path(os.environ["FYR_DATA_DIR"]) / "static").mkdir()
    os.environ["FYR_DEBUG"] = "false"
    os.environ.setdefault("FYR_LOG_LEVEL", "WARNING")
    os.environ["FYR_INBOUND_EMAIL_SECRET"] = "bench"
    os.environ["FYR_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "fyr.settings"
    url = os.environ.get("FYR_DATABASE_URL", "")
    if url:
        os.environ["FYR_DATABASE_URL"] = recreate_postgres(url)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)
    from fyr.mail import services
    from fyr.mail.models import Mailbox

    mailbox = services.save_mailbox(Mailbox(address="support@fyr.bench", auto_reply=False))
    if os.environ.get("FYR_BENCH_MAIL_SLA"):
        configure_sla()
    mails = corpus(count)
    runner = {
        "receive": run_receive,
        "ingest": run_ingest,
        "http": run_http,
        "lmtp": run_lmtp,
        "imap": run_imap,
    }[path]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = runner(mails, mailbox)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from fyr.tickets.models import Message, Ticket

    return {
        "path": path,
        "messages": len(mails),
        "seconds": round(seconds, 2),
        "per_second": round(len(mails) / seconds, 1),
        "peak_rss_mb": round(rss_after / 1024, 1),
        "rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
        "stored": Message.objects.count(),
        "tickets": Ticket.objects.count(),
    }


def configure_sla() -> None:
    """Office hours (Mon–Fri 08–17, Swedish holidays) and two SLA policies, as in the demo."""
    from datetime import time as clock_time

    from fyr.calendars import services as calendars
    from fyr.sla import services as sla

    periods = [calendars.PeriodIn(day, clock_time(8), clock_time(17)) for day in range(5)]
    calendars.create_calendar(calendars.CalendarIn(name="Kontor", periods=periods, is_default=True))
    for name, conditions, first in (
        ("Brådskande", {"priority": ["high", "urgent"]}, 60),
        ("Standard", {}, 240),
    ):
        sla.create_policy(
            sla.PolicyInput(
                name=name,
                conditions=conditions,
                targets=[
                    sla.TargetInput("first_response", first),
                    sla.TargetInput("next_reply", 2 * first),
                    sla.TargetInput("resolution", 3 * 9 * 60),
                ],
            )
        )


def run_receive(mails, mailbox) -> float:
    from fyr.mail import parsing
    from fyr.tickets import services as tickets
    from fyr.tickets.inbound import Inbound, ThreadHints

    inbounds = []
    for raw in mails:
        parsed = parsing.parse(raw)
        inbounds.append(
            Inbound(
                channel="email",
                sender=_identity(parsed),
                subject=parsed.subject,
                text=parsed.text,
                external_id=parsed.message_id,
                attachments=parsed.attachments,
                thread=ThreadHints(reply_to=parsed.in_reply_to),
            )
        )
    started = time.perf_counter()
    for inbound in inbounds:
        tickets.receive(inbound)
    return time.perf_counter() - started


def _identity(parsed):
    from fyr.customers.services import Identity

    return Identity("email", parsed.sender.email, name=parsed.sender.name)


def run_ingest(mails, mailbox) -> float:
    from fyr.mail import services

    started = time.perf_counter()
    for raw in mails:
        services.ingest(raw, source="import", mailbox=mailbox)
    return time.perf_counter() - started


def run_http(mails, mailbox) -> float:
    from django.test import Client

    client = Client()
    started = time.perf_counter()
    for raw in mails:
        response = client.post(
            "/api/v1/inbound/email",
            data=raw,
            content_type="message/rfc822",
            headers={"X-Fyr-Inbound-Secret": "bench"},
        )
        if response.status_code != 202:
            raise SystemExit(f"http path: {response.status_code} {response.content[:200]!r}")
    return time.perf_counter() - started


def run_lmtp(mails, mailbox) -> float:
    import smtplib

    from fyr.mail.lmtp import LmtpController

    sys.path.insert(0, str(ROOT))
    from tests.mail.servers import free_port

    controller = LmtpController(hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        client = smtplib.LMTP("127.0.0.1", controller.port)
        started = time.perf_counter()
        for raw in mails:
            client.sendmail("kund@kund.se", ["support@fyr.bench"], raw)
        elapsed = time.perf_counter() - started
        client.quit()
    finally:
        controller.stop()
    return elapsed


def run_imap(mails, mailbox) -> float:
    from fyr.mail import imap
    from fyr.mail.choices import ImapSecurity

    sys.path.insert(0, str(ROOT))
    from tests.mail.servers import start_dovecot

    dovecot = start_dovecot(ssl=False)
    try:
        for start in range(0, len(mails), 200):
            dovecot.append("INBOX", mails[start : start + 200])
        mailbox.imap_host = "127.0.0.1"
        mailbox.imap_port = dovecot.port
        mailbox.imap_security = ImapSecurity.NONE
        mailbox.imap_username = dovecot.user
        mailbox.imap_password = dovecot.password
        mailbox.save()
        started = time.perf_counter()
        result = imap.fetch_mailbox(mailbox, batch=100)
        elapsed = time.perf_counter() - started
        if result.errors:
            raise SystemExit(f"imap path: {result.errors}")
        return elapsed
    finally:
        dovecot.stop()


def recreate_postgres(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))


# --- pathological inputs --------------------------------------------------------------------------


def pathological() -> list[dict]:
    os.environ.setdefault("FYR_DATA_DIR", tempfile.mkdtemp(prefix="fyr-bench-mail-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fyr.settings")
    import django

    django.setup()
    from fyr.mail import parsing, quotes

    results = []
    data = ROOT / "tests" / "data" / "email"
    for name in PATHOLOGICAL:
        raw = (data / name).read_bytes()
        started = time.perf_counter()
        if name.endswith(".eml"):
            parsed = parsing.parse(raw)
            quotes.split_text(parsed.text)
            if parsed.html:
                quotes.split_html(parsed.html)
        else:
            quotes.split_text(raw.decode("utf-8", "replace"))
        results.append(
            {
                "input": name,
                "bytes": len(raw),
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 mails instead of 10,000")
    parser.add_argument("--messages", type=int)
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--sla", action="store_true", help="with a calendar and SLA policies")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sla:
        os.environ["FYR_BENCH_MAIL_SLA"] = "1"  # the children inherit it
    count = args.messages or (1000 if args.quick else 10_000)
    if args.child:
        print(json.dumps(child(args.child, count)))
        return
    backend = "postgresql" if os.environ.get("FYR_DATABASE_URL") else "sqlite"
    sla = "; with SLA policies" if args.sla else ""
    print(f"Corpus: {count} mails (30 % replies, 20 % with a 20 kB PDF); database: {backend}{sla}")
    rows = []
    for path in args.paths.split(","):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", path, "--messages", str(count)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if proc.returncode != 0:
            print(f"{path}: failed\n{proc.stderr[-2000:]}")
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"{path:8} {row['per_second']:8.1f} mails/s  {row['seconds']:7.1f} s  "
            f"peak RSS {row['peak_rss_mb']:6.1f} MB  stored {row['stored']} in {row['tickets']} tickets"
        )
    print("Pathological inputs (parse + reply extraction):")
    patho = pathological()
    for item in patho:
        print(f"  {item['input']:60} {item['bytes']:>9} bytes  {item['ms']:8.1f} ms")
    for row in rows:
        for measure, unit in (("per_second", "mails/s"), ("peak_rss_mb", "MB")):
            print(
                json.dumps(
                    {
                        "measure": f"mail_{row['path']}_{measure}",
                        "value": row[measure],
                        "unit": unit,
                        "backend": backend,
                        "n": row["messages"],
                    }
                )
            )
    for item in patho:
        print(
            json.dumps(
                {
                    "measure": "pathological_ms",
                    "input": item["input"],
                    "value": item["ms"],
                    "unit": "ms",
                }
            )
        )


if __name__ == "__main__":
    main()
