"""fyr import-mail: an old shared inbox (.eml files, a Maildir, an mbox) taken in oldest first."""

from __future__ import annotations

import mailbox as stdlib_mailbox
from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command

from fyr.tickets.models import Message, Ticket
from tests.mail.factories import make_mail

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def conversation():
    """An original and two replies, written an hour apart (returned newest first)."""
    return [
        make_mail(
            message_id="<c3@acme.se>",
            subject="Re: Leverans",
            in_reply_to="<c2@acme.se>",
            references="<c1@acme.se> <c2@acme.se>",
            date=START + timedelta(hours=2),
        ),
        make_mail(
            message_id="<c2@acme.se>",
            subject="Re: Leverans",
            in_reply_to="<c1@acme.se>",
            references="<c1@acme.se>",
            date=START + timedelta(hours=1),
        ),
        make_mail(message_id="<c1@acme.se>", subject="Leverans", date=START),
    ]


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_mail", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_folder_of_eml_files_is_imported_oldest_first(db, tmp_path):
    for index, raw in enumerate(conversation()):
        (tmp_path / f"{index}.eml").write_bytes(raw)

    summary = run(tmp_path)

    ticket = Ticket.objects.get()
    assert ticket.subject == "Leverans"
    assert list(ticket.messages.values_list("external_id", flat=True)) == [
        "c1@acme.se",
        "c2@acme.se",
        "c3@acme.se",
    ]
    assert ticket.created_at == START  # dated by the mail, not by the import
    assert "3 mails read" in summary and "1 new tickets" in summary


def test_an_mbox_is_imported_and_a_second_import_adds_nothing(db, tmp_path):
    box = stdlib_mailbox.mbox(tmp_path / "inbox.mbox")
    for raw in conversation():
        box.add(raw)
    box.flush()

    run(tmp_path / "inbox.mbox")
    again = run(tmp_path / "inbox.mbox")

    assert Message.objects.count() == 3
    assert "3 already in Fyr (skipped)" in again


def test_a_maildir_is_imported(db, tmp_path):
    box = stdlib_mailbox.Maildir(tmp_path / "Maildir")
    for raw in conversation():
        box.add(raw)

    run(tmp_path / "Maildir")

    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 3


def test_unreadable_mail_is_quarantined_and_listed_in_the_summary(db, tmp_path):
    (tmp_path / "ok.eml").write_bytes(make_mail())
    (tmp_path / "bad.eml").write_bytes(b"")

    summary = run(tmp_path)

    assert Message.objects.count() == 1
    assert "1 quarantined" in summary
    assert "bad.eml" in summary
