"""Taking raw mail in: exactly once, into the right ticket, nothing lost, nobody answered twice."""

from __future__ import annotations

import random

import pytest
from django.core import mail as django_mail

from fyr.customers.models import ContactIdentity
from fyr.mail import parsing, services
from fyr.mail.choices import InboundState, MailSource
from fyr.mail.models import AutoReplyLog, InboundMail, Mailbox
from fyr.tickets import services as tickets
from fyr.tickets.choices import DeliveryStatus, MessageKind, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Message, Ticket
from tests.mail.factories import committed, dsn, general_template, make_mail


@pytest.fixture
def mailbox(support) -> Mailbox:
    return services.save_mailbox(
        Mailbox(address="support@fyr.test", name="Fyr Support", team=support)
    )


def ingest(raw: bytes, **kwargs):
    return committed(services.ingest, raw, source=MailSource.IMAP, **kwargs)


def test_a_new_mail_opens_a_ticket_in_the_mailboxs_team(mailbox):
    result = ingest(make_mail(html="<p>Hej! Min <b>faktura</b> stämmer inte.</p>"))

    assert (result.state, result.created_ticket) == (InboundState.PROCESSED, True)
    ticket = result.ticket
    assert (ticket.subject, ticket.team_id, ticket.channel) == (
        "Fel på fakturan",
        mailbox.team_id,
        "email",
    )
    message = result.message
    assert message.external_id == "m1@acme.se"
    assert message.body_text == "Hej! Min faktura stämmer inte."
    assert "<b>faktura</b>" in message.body_html
    assert message.metadata["mailbox"] == mailbox.pk
    row = InboundMail.objects.get()
    assert (row.state, row.message_id, row.mail_id, row.sender) == (
        InboundState.PROCESSED,
        message.pk,
        "m1@acme.se",
        "karin@acme.se",
    )


def test_the_same_mail_delivered_twice_is_stored_once(mailbox):
    raw = make_mail()
    first = services.ingest(raw, source=MailSource.LMTP)
    second = services.ingest(raw, source=MailSource.IMAP)

    assert (first.state, second.state) == (InboundState.PROCESSED, "duplicate")
    assert Message.objects.count() == 1
    assert InboundMail.objects.count() == 1


def test_mail_without_message_id_is_deduplicated_by_its_bytes(mailbox):
    raw = make_mail(message_id=None)
    assert ingest(raw).state == InboundState.PROCESSED
    assert ingest(raw).duplicate
    assert Message.objects.count() == 1


def test_a_reply_finds_its_ticket_by_in_reply_to_and_references(mailbox):
    first = ingest(make_mail(message_id="<a@acme.se>"))
    by_in_reply_to = ingest(make_mail(message_id="<b@acme.se>", in_reply_to="<a@acme.se>"))
    by_references = ingest(
        make_mail(message_id="<c@acme.se>", references="<zzz@elsewhere> <b@acme.se>")
    )

    assert by_in_reply_to.ticket.pk == first.ticket.pk
    assert by_references.ticket.pk == first.ticket.pk
    assert Ticket.objects.count() == 1


def test_a_reply_to_an_agents_mail_threads_by_the_outbound_message_id(mailbox, agent):
    first = ingest(make_mail())
    reply = committed(tickets.reply, first.ticket, author=agent, body="Vi tittar på det.")
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.SENT

    answer = ingest(make_mail(message_id="<svar@acme.se>", in_reply_to=f"<{reply.external_id}>"))

    assert answer.ticket.pk == first.ticket.pk


def test_the_subject_token_threads_only_for_someone_taking_part(mailbox, stranger):
    first = ingest(make_mail())
    number = first.ticket.number
    own = ingest(make_mail(message_id="<x1@acme.se>", subject=f"Re: Fel på fakturan [#{number}]"))
    foreign = ingest(
        make_mail(
            sender="sven@other.se",
            message_id="<x2@other.se>",
            subject=f"Re: Fel på fakturan [#{number}]",
        )
    )

    assert own.ticket.pk == first.ticket.pk
    assert foreign.created_ticket and foreign.ticket.pk != first.ticket.pk


def test_the_plus_address_token_threads(mailbox):
    first = ingest(make_mail())
    number = first.ticket.number
    later = ingest(
        make_mail(
            message_id="<p@acme.se>", subject="Glömde en sak", to=f"support+{number}@fyr.test"
        )
    )
    assert later.ticket.pk == first.ticket.pk


def test_the_same_subject_from_another_sender_never_threads(mailbox):
    first = ingest(make_mail(subject="Hjälp"))
    other = ingest(make_mail(sender="sven@other.se", message_id="<o@other.se>", subject="Hjälp"))
    assert other.ticket.pk != first.ticket.pk


def test_a_reply_arriving_before_its_original_is_joined_with_it(mailbox):
    reply = ingest(
        make_mail(
            message_id="<reply@acme.se>",
            subject="Re: Beställning",
            in_reply_to="<orig@acme.se>",
            references="<orig@acme.se>",
        )
    )
    original = ingest(make_mail(message_id="<orig@acme.se>", subject="Beställning"))

    assert original.ticket.pk == reply.ticket.pk
    assert not original.created_ticket


def test_shuffled_conversations_all_end_up_in_one_ticket_each(mailbox):
    """A peer put 52 % of out-of-order replies on new tickets; here every one is joined."""
    mails = []
    for thread in range(30):
        root = f"<t{thread}-0@acme.se>"
        chain = [root]
        mails.append(make_mail(message_id=root, subject=f"Ärende {thread}"))
        for step in range(1, 4):
            mid = f"<t{thread}-{step}@acme.se>"
            mails.append(
                make_mail(
                    message_id=mid,
                    subject=f"Re: Ärende {thread}",
                    in_reply_to=chain[-1],
                    references=" ".join(chain),
                )
            )
            chain.append(mid)
    random.Random(7).shuffle(mails)
    for raw in mails:
        ingest(raw)

    assert Message.objects.count() == 120
    per_thread = {}
    for external_id, ticket_id in Message.objects.values_list("external_id", "ticket_id"):
        per_thread.setdefault(external_id.split("-")[0], set()).add(ticket_id)
    assert all(len(ids) == 1 for ids in per_thread.values()), per_thread
    assert Ticket.objects.count() == 30


def test_a_reply_to_a_closed_ticket_opens_a_linked_follow_up(mailbox, agent):
    first = ingest(make_mail())
    actor = Actor.of_agent(agent)
    tickets.change_ticket(first.ticket, actor=actor, changes={"status": Status.SOLVED})
    tickets.change_ticket(first.ticket, actor=actor, changes={"status": Status.CLOSED})

    late = ingest(make_mail(message_id="<late@acme.se>", in_reply_to="<m1@acme.se>"))

    assert late.created_ticket
    assert late.ticket.follow_up_of_id == first.ticket.pk


def test_one_broken_mail_does_not_stop_the_others(mailbox, monkeypatch):
    real_parse = parsing.parse

    def parse(raw):
        if b"BOOM" in raw:
            raise RuntimeError("parser bug")
        return real_parse(raw)

    monkeypatch.setattr(parsing, "parse", parse)
    raws = [
        make_mail(message_id="<1@acme.se>"),
        make_mail(message_id="<2@acme.se>", subject="BOOM"),
        b"\xff\xfe\x00 not a mail at all",
        make_mail(message_id="<3@acme.se>", sender="Anna <anna@acme.se>"),
    ]
    states = [ingest(raw).state for raw in raws]

    assert states == [
        InboundState.PROCESSED,
        InboundState.QUARANTINED,
        InboundState.QUARANTINED,
        InboundState.PROCESSED,
    ]
    reasons = sorted(
        InboundMail.objects.filter(state="quarantined").values_list("reason", flat=True)
    )
    assert reasons == [
        "The data has no mail headers and no readable text.",
        "The mail could not be read: RuntimeError: parser bug",
    ]
    assert Message.objects.count() == 2


def test_raw_eight_bit_bytes_are_read_not_quarantined(mailbox):
    raw = (
        b"From: =?iso-8859-1?q?K=E5re?= <kare@acme.se>\r\n"
        b"To: support@fyr.test\r\n"
        b"Subject: R\xe4kning f\xf6r mars\r\n"
        b"Message-ID: <8bit@acme.se>\r\n"
        b"\r\n"
        b"Hej, r\xe4kningen \xe4r fel. H\xe4lsningar K\xe5re\r\n"
    )
    result = ingest(raw)
    assert result.state == InboundState.PROCESSED
    assert result.ticket.subject == "Räkning för mars"
    assert "räkningen är fel" in result.message.body_text


def test_a_quarantined_mail_can_be_processed_again(mailbox, monkeypatch):
    real_parse = parsing.parse
    monkeypatch.setattr(parsing, "parse", lambda raw: (_ for _ in ()).throw(ValueError("bug")))
    raw = make_mail()
    first = ingest(raw)
    assert first.state == InboundState.QUARANTINED
    assert ingest(raw).duplicate  # the same bytes again are not a second entry

    monkeypatch.setattr(parsing, "parse", real_parse)
    again = services.reprocess(first.inbound_mail)

    assert again.state == InboundState.PROCESSED
    assert list(InboundMail.objects.values_list("state", flat=True)) == [InboundState.PROCESSED]
    assert Message.objects.get().external_id == "m1@acme.se"


def test_mail_without_a_sender_is_quarantined_with_the_reason(mailbox):
    result = ingest(make_mail(sender="undisclosed-recipients:;"))
    assert result.state == InboundState.QUARANTINED
    assert result.reason == "The mail has no sender address to answer"
    assert Ticket.objects.count() == 0


def test_a_text_attachment_beside_a_plain_body_is_kept(mailbox):
    result = ingest(make_mail(attachments=[("logg.txt", "text/plain", b"rad 1\nrad 2\n")]))
    assert [a.filename for a in result.message.attachments.all()] == ["logg.txt"]
    assert result.message.body_text == "Hej! Min faktura stämmer inte."


def test_an_attachment_over_the_limit_stays_in_the_original_and_is_named(mailbox, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    result = ingest(make_mail(attachments=[("stor.pdf", "application/pdf", b"%PDF" + b"x" * 500)]))
    assert result.message.attachments.count() == 0
    assert result.message.metadata["skipped_attachments"] == [{"filename": "stor.pdf", "size": 504}]


def test_quoted_history_is_folded_away_and_kept(mailbox):
    text = (
        "Tack, nu fungerar det!\n\n"
        "Den 3 mars 2025 kl. 10:15 skrev Fyr Support <support@fyr.test>:\n"
        "> Prova att starta om routern.\n"
    )
    result = ingest(make_mail(text=text))
    assert result.message.body_text == "Tack, nu fungerar det!"
    assert "starta om routern" in result.message.quoted_html


def test_mail_from_our_own_address_is_ignored(mailbox):
    result = ingest(make_mail(sender="Fyr Support <support@fyr.test>"))
    assert result.state == InboundState.IGNORED
    assert Ticket.objects.count() == 0


# --- automatic confirmations --------------------------------------------------------------------


def test_a_new_ticket_is_confirmed_once_threaded_and_marked_automatic(mailbox):
    result = ingest(make_mail())
    ingest(make_mail(message_id="<m2@acme.se>", in_reply_to="<m1@acme.se>"))

    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.to == ["karin@acme.se"]
    assert f"[#{result.ticket.number}]" in sent.subject
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
    assert sent.extra_headers["In-Reply-To"] == "<m1@acme.se>"
    assert "Vi har tagit emot" in sent.subject or "We have received" in sent.subject


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "list"},
        {"X-Autoreply": "yes"},
        {"List-Id": "<nyheter.acme.se>"},
    ],
    ids=["auto-submitted", "bulk", "list", "x-autoreply", "list-id"],
)
def test_machines_and_lists_get_no_confirmation(mailbox, headers):
    result = ingest(make_mail(headers=headers))
    assert result.created_ticket
    assert django_mail.outbox == []


def test_no_confirmation_to_noreply_addresses(mailbox):
    ingest(make_mail(sender="noreply@acme.se"))
    assert django_mail.outbox == []


def test_confirmations_to_one_sender_are_rate_limited(mailbox):
    for n in range(5):
        ingest(make_mail(message_id=f"<n{n}@acme.se>", subject=f"Fråga {n}"))

    assert Ticket.objects.count() == 5
    assert len(django_mail.outbox) == 3
    assert AutoReplyLog.objects.count() == 3


def test_no_confirmation_when_the_mailbox_says_so(mailbox):
    mailbox.auto_reply = False
    services.save_mailbox(mailbox)
    ingest(make_mail())
    assert django_mail.outbox == []


# --- bounces -------------------------------------------------------------------------------------


def test_a_bounce_lands_on_the_ticket_it_bounced_from(mailbox, agent):
    first = ingest(make_mail())
    reply = committed(tickets.reply, first.ticket, author=agent, body="Här är svaret.")
    reply.refresh_from_db()
    tickets_before = Ticket.objects.count()

    result = ingest(dsn(original_message_id=reply.external_id, recipient="karin@acme.se"))

    assert result.state == InboundState.BOUNCE
    assert Ticket.objects.count() == tickets_before
    reply.refresh_from_db()
    assert reply.delivery_status == DeliveryStatus.FAILED
    assert "550 5.1.1" in reply.delivery_error
    notice = first.ticket.messages.get(kind=MessageKind.SYSTEM)
    assert "karin@acme.se" in notice.body_text
    identity = ContactIdentity.objects.get(value="karin@acme.se")
    assert identity.failing_since is not None
    assert "550" in identity.failure_reason
    first.ticket.refresh_from_db()
    assert first.ticket.status == Status.OPEN  # a bounce neither reopens nor counts as the customer


def test_mail_from_a_failing_address_clears_the_mark(mailbox):
    ingest(make_mail())
    services.mark_failing(["karin@acme.se"], "550 user unknown")
    ingest(make_mail(message_id="<back@acme.se>", subject="Nu funkar min adress"))
    assert ContactIdentity.objects.get(value="karin@acme.se").failing_since is None


def test_a_bounce_of_unknown_mail_opens_no_ticket(mailbox):
    result = ingest(dsn(original_message_id="nobody@nowhere", recipient="x@acme.se"))
    assert result.state == InboundState.BOUNCE
    assert Ticket.objects.count() == 0
    assert django_mail.outbox == []


def test_a_mailbox_template_replaces_the_general_one(mailbox, customer):
    from fyr.mail.models import EmailTemplate

    customer.language = "sv"
    customer.save()
    services.save_template(
        EmailTemplate(key="received", language="en", mailbox=mailbox),
        subject="Thanks from the {{ company }} support desk",
        body="Ticket {{ ticket.number }} is in our queue.",
    )
    services.save_template(
        EmailTemplate(key="received", language="sv", mailbox=mailbox),
        subject="Tack från supporten",
        body="Ärende {{ ticket.number }} ligger i vår kö.",
    )
    result = ingest(make_mail())

    sent = django_mail.outbox[0]
    assert sent.subject == f"Tack från supporten [#{result.ticket.number}]"
    assert sent.body == f"Ärende {result.ticket.number} ligger i vår kö.\n"


def test_a_template_that_does_not_render_is_refused(mailbox):
    from django.core.exceptions import ValidationError

    template = general_template("received", "sv")
    with pytest.raises(ValidationError) as caught:
        services.save_template(template, subject="Hej {% if %}", body="x")
    assert "subject" in caught.value.message_dict
    template.refresh_from_db()
    assert "{% if" not in template.subject


def test_a_missing_template_row_falls_back_to_the_built_in_text(mailbox):
    from fyr.mail.models import EmailTemplate

    EmailTemplate.objects.all().delete()
    result = ingest(make_mail())

    sent = django_mail.outbox[0]
    assert (
        sent.subject == f"We have received your request: Fel på fakturan [#{result.ticket.number}]"
    )
    assert EmailTemplate.objects.count() == 0  # the fallback is not written back
