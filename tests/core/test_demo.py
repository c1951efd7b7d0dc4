"""``fyr seed-demo``: a deterministic, believable demo company built through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fyr.accounts.choices import Role
from fyr.accounts.models import Team, TeamMembership, User
from fyr.core import demo
from fyr.customers.models import Contact, Organization
from fyr.tickets import channels
from fyr.tickets.choices import Channel, DeliveryStatus, EventKind, MessageKind
from fyr.tickets.models import Message, Ticket, TicketEvent

FIXED_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Eight demo passwords with the production hasher would dominate these tests' run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed_demo("--tickets", "30", "--seed", "7")


def fingerprint() -> list[tuple]:
    return [
        (
            t.number,
            t.subject,
            t.status,
            t.channel,
            t.requester.name,
            t.messages.count(),
            sorted(t.tags.values_list("name", flat=True)),
        )
        for t in Ticket.objects.select_related("requester").order_by("number")
    ]


def test_seed_demo_creates_the_company_and_the_tickets(seeded):
    assert Team.objects.count() == 3
    assert User.objects.count() == 8
    assert Organization.objects.count() == 40
    assert Contact.objects.count() == 200
    assert Ticket.objects.count() == 30
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(
        [Role.ADMIN] + [Role.AGENT] * 6 + [Role.LIGHT]
    )
    assert TeamMembership.objects.filter(is_lead=True).count() == 3
    assert sorted(
        TeamMembership.objects.filter(is_lead=True).values_list("team__name", flat=True)
    ) == [
        "Fakturering",
        "Kundtjänst",
        "Teknisk support",
    ]
    assert Organization.objects.filter(shares_tickets=True).count() == demo.SHARING_ORGANIZATIONS
    assert Contact.objects.filter(organization__isnull=True).count() == demo.PRIVATE_CONTACTS
    assert Contact.objects.filter(language="en").exists()
    assert Contact.objects.filter(identities__kind="phone").exists()


def test_demo_tickets_span_several_statuses_and_channels(seeded):
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert len(statuses) >= 3
    assert len(set(Ticket.objects.values_list("channel", flat=True))) >= 2


def test_every_demo_ticket_has_a_message_and_a_created_event(seeded):
    for ticket in Ticket.objects.all():
        assert ticket.messages.exists(), ticket.number
        assert ticket.events.filter(kind=EventKind.CREATED).count() == 1, ticket.number


def test_demo_history_has_historic_times(seeded):
    now = timezone.now()
    times = list(TicketEvent.objects.values_list("created_at", flat=True))
    assert max(times) <= now
    assert min(times) < now - timedelta(days=14)
    assert len({t.date() for t in times}) > 10
    created = list(Ticket.objects.values_list("created_at", flat=True))
    assert min(created) >= now - timedelta(days=demo.HISTORY_DAYS + 1)


def test_demo_messages_are_in_swedish_and_english(db):
    seed_demo("--tickets", "120", "--seed", "7")
    openings = [text.split(",")[0] for text in Message.objects.values_list("body_text", flat=True)]
    assert "Hej" in openings
    assert {"Hi", "Hello"} & set(openings)
    assert Message.objects.filter(kind=MessageKind.NOTE).exists()


def test_demo_replies_are_marked_delivered_not_queued(seeded):
    replies = Message.objects.filter(kind=MessageKind.REPLY, direction="outbound")
    assert replies.exists()
    assert not replies.filter(delivery_status=DeliveryStatus.QUEUED).exists()


def test_demo_login_authenticates(seeded):
    assert "Demo login: admin@demo.fyr.se / fyr-demo" in seeded
    user = authenticate(email="admin@demo.fyr.se", password="fyr-demo")
    assert user is not None
    assert user.role == Role.ADMIN


def test_seed_demo_if_empty_does_nothing_the_second_time(seeded):
    before = (Ticket.objects.count(), Message.objects.count(), Contact.objects.count())

    out = seed_demo("--tickets", "30", "--if-empty")

    assert out == ""
    assert (Ticket.objects.count(), Message.objects.count(), Contact.objects.count()) == before


def test_seed_demo_refuses_a_database_with_tickets(seeded):
    before = (Ticket.objects.count(), Message.objects.count())

    with pytest.raises(CommandError, match="already has tickets"):
        seed_demo("--tickets", "5")

    assert (Ticket.objects.count(), Message.objects.count()) == before


def test_seed_demo_with_force_adds_tickets_to_the_same_company(seeded):
    seed_demo("--tickets", "5", "--seed", "7", "--force")

    assert Ticket.objects.count() == 35
    assert User.objects.count() == 8
    assert Contact.objects.count() == 200


@pytest.mark.django_db(transaction=True)
def test_same_seed_gives_identical_data_and_sends_nothing(monkeypatch):
    sent: list[int] = []

    class Recorder:
        def deliver(self, message):
            sent.append(message.pk)
            return None

    monkeypatch.setitem(channels._adapters, Channel.EMAIL, Recorder())

    demo.seed(tickets_count=25, seed_value=3, now=FIXED_NOW)
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    demo.seed(tickets_count=25, seed_value=3, now=FIXED_NOW)
    second = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    demo.seed(tickets_count=25, seed_value=4, now=FIXED_NOW)
    other = fingerprint()

    assert len(first) == 25
    assert first == second
    assert [row[1] for row in other] != [row[1] for row in first]
    assert sent == []


def test_every_demo_text_fills_in_without_missing_values():
    values = {
        "first": "Åsa",
        "order": "SO-1",
        "invoice": "F1",
        "amount": "1 kr",
        "ref": "1",
        "date": "2026-01-01",
        "agent": "Anna",
    }
    for topic in demo.TOPICS:
        assert set(topic.texts) == {"sv", "en"}
        for texts in topic.texts.values():
            assert len(texts["subjects"]) >= len(texts["openings"])
            for key in ("subjects", "openings", "followups", "answers", "more", "solved"):
                assert texts[key], (topic.tag, key)
                for text in texts[key]:
                    assert "{" not in text.format(**values), text


def test_the_demo_has_a_mailbox_per_team_with_one_default(db):
    from fyr.core import demo
    from fyr.mail.models import Mailbox

    demo.seed(tickets_count=5, seed_value=1, now=FIXED_NOW)

    boxes = {m.address: (m.team.name, m.is_default) for m in Mailbox.objects.select_related("team")}
    assert boxes == {
        "kundtjanst@demo.fyr.se": ("Kundtjänst", True),
        "support@demo.fyr.se": ("Teknisk support", False),
        "faktura@demo.fyr.se": ("Fakturering", False),
    }


def test_demo_tickets_run_sla_clocks_some_met_and_some_breached(seeded):
    from fyr.sla.models import SlaClock

    clocks = list(SlaClock.objects.all())
    assert clocks
    assert "Standard" in {c.policy.name for c in clocks if c.policy}
    outcomes = {c.outcome for c in clocks}
    assert {"met", "breached"} <= outcomes
