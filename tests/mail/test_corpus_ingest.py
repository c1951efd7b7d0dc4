"""Every raw mail of the public corpus (``tests/data/email``, sources and licences in
``tests/data/README.md``) and every Swedish fixture goes through the whole ``ingest`` path:
kept, parsed, folded, threaded, stored. None is lost: each is a message with its text and
attachments, a bounce, or (only the Outlook .msg file, which is not MIME) quarantined with a
reason. Attachments of the spam and malware samples are stored as bytes, never opened.
"""

from __future__ import annotations

import pytest

from fyr.mail import parsing, services
from fyr.mail.choices import InboundState, MailSource
from fyr.mail.models import InboundMail, Mailbox
from fyr.tickets import html, storage
from tests.mail.test_corpus import DATA, OUTLOOK_MSG, RAW_MAILS, SV

SWEDISH = sorted(path.name for path in SV.glob("*.eml"))
CASES = [pytest.param(DATA / name, id=name) for name in RAW_MAILS] + [
    pytest.param(SV / name, id=f"sv/{name}") for name in SWEDISH
]


@pytest.fixture
def mailbox(support):
    return services.save_mailbox(
        Mailbox(address="support@fyr.test", team=support, auto_reply=False)
    )


def _words(text: str) -> set[str]:
    return {word for word in text.split() if len(word) > 3 and word.isalpha()}


@pytest.mark.parametrize("path", CASES)
def test_every_mail_is_taken_in_with_its_text_and_attachments(mailbox, settings, path):
    settings.ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
    raw = path.read_bytes()

    result = services.ingest(raw, source=MailSource.IMPORT, mailbox=mailbox)

    row = InboundMail.objects.get()
    assert storage.read(row.raw) == raw  # the original is kept byte for byte
    if str(path).endswith(OUTLOOK_MSG):
        assert result.state == InboundState.QUARANTINED and result.reason
        return
    parsed = parsing.parse(raw)
    if parsed.bounce is not None:
        assert result.state == InboundState.BOUNCE
        return
    if not parsed.sender.email or "@" not in parsed.sender.email:
        assert result.state == InboundState.QUARANTINED and result.reason
        return
    assert result.state == InboundState.PROCESSED, result.reason
    message = result.message
    shown = " ".join(
        [message.body_text, html.to_text(message.body_html), html.to_text(message.quoted_html)]
    )
    # The message shows the HTML body when there is one (its text twin may word things
    # differently, e.g. an <hr> for "Original Message"), else the text.
    source = html.to_text(html.sanitize(parsed.html)) if parsed.html.strip() else parsed.text
    missing = {word for word in _words(source) if word not in shown}
    assert missing == set(), sorted(missing)[:20]
    stored = sorted((a.filename, a.file.size) for a in message.attachments.select_related("file"))
    expected = sorted((a.filename, len(a.data)) for a in parsed.attachments)
    assert stored == expected
