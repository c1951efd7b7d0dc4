"""Every raw mail in ``tests/data/email`` parses quickly, without error and without losing parts.

The mails come from public test suites (see ``tests/data/README.md``): django-helpdesk
(BSD-3-Clause), mailgun/flanker and mailgun/talon (Apache-2.0), SpamScope/mail-parser
(Apache-2.0, real spam and malware: attachments are only compared as bytes, never written or
opened). ``expected.json`` files say what the source suites expect; ``_inventory_stdlib.json``
says how Python's ``email`` package sees each file. The Swedish mails in ``fixtures/sv`` are
written for Fyr.
"""

from __future__ import annotations

import email
import email.policy
import json
import time
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path

import pytest

from fyr.mail.parsing import UnparseableMail, parse

DATA = Path(__file__).resolve().parents[1] / "data" / "email"
SV = Path(__file__).parent / "fixtures" / "sv"
OUTLOOK_MSG = "mail-parser/mail_outlook_1"  # a binary Outlook .msg file, not MIME


def _is_raw_mail(path: Path) -> bool:
    if path.suffix == ".eml":
        return True
    return path.parent.name == "mail-parser" and not path.suffix


RAW_MAILS = sorted(
    str(path.relative_to(DATA)) for path in DATA.rglob("*") if path.is_file() and _is_raw_mail(path)
)
MIME_MAILS = [name for name in RAW_MAILS if name != OUTLOOK_MSG]
INVENTORY = json.loads((DATA / "_inventory_stdlib.json").read_text())
HELPDESK = json.loads((DATA / "django-helpdesk" / "expected.json").read_text())
MAIL_PARSER = json.loads((DATA / "mail-parser" / "expected.json").read_text())
SWEDISH = json.loads((SV / "expected.json").read_text())
FALLBACK_STEMS = {
    "attachment",
    "delivery-status",
    "disposition-notification",
    "feedback-report",
    "headers",
    "forwarded-message",
}


def _parsed(name: str):
    return parse((DATA / name).read_bytes())


def test_the_corpus_is_all_there():
    assert len(RAW_MAILS) == 90
    assert set(RAW_MAILS) == {name for name in INVENTORY if (DATA / name).exists()}


@pytest.mark.parametrize("name", MIME_MAILS)
def test_every_mail_parses_in_well_under_a_second(name):
    raw = (DATA / name).read_bytes()
    started = time.perf_counter()
    parsed = parse(raw)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{name} took {elapsed:.2f}s"
    assert isinstance(parsed.text, str)
    assert "\x00" not in parsed.text


def test_outlook_msg_file_is_refused_with_a_reason():
    with pytest.raises(UnparseableMail) as caught:
        _parsed(OUTLOOK_MSG)
    assert ".msg" in caught.value.reason


def _leaves(part: Message) -> list[Message]:
    """Python's own view of the leaf parts, not descending into forwarded messages."""
    if part.get_content_maintype() == "message" or not part.is_multipart():
        return [part]
    return [leaf for child in part.get_payload() for leaf in _leaves(child)]


@pytest.mark.parametrize("name", MIME_MAILS)
def test_no_part_is_lost(name):
    """Each part Python finds is either the body (one text/plain, one text/html) or kept as an
    attachment, byte for byte."""
    raw = (DATA / name).read_bytes()
    parsed = parse(raw)
    kept = {attachment.data for attachment in parsed.attachments}
    stdlib = email.message_from_bytes(raw, policy=email.policy.default)
    bodies: dict[str, int] = {}
    for leaf in _leaves(stdlib):
        content_type = leaf.get_content_type()
        if leaf.get_content_maintype() == "message" or leaf.is_multipart():
            assert any(a.content_type == content_type for a in parsed.attachments), content_type
            continue
        data = leaf.get_payload(decode=True) or b""
        if not data.strip() or data in kept:
            continue
        assert content_type in {"text/plain", "text/html"} or leaf.defects, (
            f"{content_type} part is missing"
        )
        bodies[content_type] = bodies.get(content_type, 0) + 1
    assert bodies.get("text/plain", 0) <= 1
    assert bodies.get("text/html", 0) <= 1
    if bodies.get("text/plain") or bodies.get("text/html"):
        assert parsed.text.strip() or parsed.html.strip()


@pytest.mark.parametrize("name", MIME_MAILS)
def test_attachment_count_is_at_least_pythons(name):
    parsed = _parsed(name)
    assert len(parsed.attachments) >= INVENTORY[name]["attachments_stdlib"]
    for attachment in parsed.attachments:
        assert attachment.filename
        assert "/" not in attachment.filename
        assert "\\" not in attachment.filename
        assert attachment.content_type == attachment.content_type.lower()
        assert ";" not in attachment.content_type


@pytest.mark.parametrize(
    "name",
    [n for n in MIME_MAILS if n in INVENTORY and "\ufffd" not in INVENTORY[n]["subject"]],
)
def test_subject_matches_pythons_reading(name):
    # The inventory keeps at most 100 characters of a subject.
    assert _parsed(name).subject.startswith(" ".join(INVENTORY[name]["subject"].split()))


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("mail-parser/mail_test_9", "我把镜头拉近些，你们看看这个是什么屄，这种场合自然少不了内射"),
        ("flanker/spam/broken-headers.eml", "Forget Asking For A Link Exchange…"),
    ],
)
def test_subjects_python_could_not_decode_are_decoded(name, subject):
    assert _parsed(name).subject == subject


@pytest.mark.parametrize("name", [n for n in MIME_MAILS if INVENTORY[n]["defects"]])
def test_pythons_defects_are_reported(name):
    reported = {defect.split(":", 1)[0] for defect in _parsed(name).defects}
    assert set(INVENTORY[name]["defects"]) <= reported


# --- django-helpdesk expectations ----------------------------------------------------------


def test_helpdesk_quoted_printable():
    parsed = _parsed("django-helpdesk/quoted_printable.eml")
    expected = HELPDESK["quoted_printable.eml"]
    assert parsed.subject == expected["title"]
    assert parsed.text.strip() == expected["description"]
    assert parsed.html == expected["html_attachment_contains"]


def test_helpdesk_all_special_chars():
    parsed = _parsed("django-helpdesk/all-special-chars.eml")
    assert parsed.subject == HELPDESK["all-special-chars.eml"]["title"]
    assert parsed.text.strip() == HELPDESK["all-special-chars.eml"]["description"]


def test_helpdesk_invalid_utf8_keeps_the_text():
    parsed = _parsed("django-helpdesk/utf-nondecodable.eml")
    assert parsed.subject == HELPDESK["utf-nondecodable.eml"]["title"]
    # The words sit in the HTML part only, next to the invalid bytes.
    assert HELPDESK["utf-nondecodable.eml"]["description_contains"] in parsed.html
    assert "Cyklozaměstnavatel - změna vyhodnocení" in parsed.text


def test_helpdesk_forwarded_text_stays_in_the_body():
    parsed = _parsed("django-helpdesk/forwarded-message.eml")
    assert parsed.subject == HELPDESK["forwarded-message.eml"]["title"]
    assert HELPDESK["forwarded-message.eml"]["description_contains"] in parsed.text
    assert "Hello there!" in parsed.text


def test_helpdesk_blank_body_with_text_attachment():
    parsed = _parsed("django-helpdesk/blank-body-with-attachment.eml")
    assert parsed.subject.startswith(HELPDESK["blank-body-with-attachment.eml"]["title_prefix"])
    assert parsed.text.strip() == ""
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("baf", "text/plain")]


def test_helpdesk_pgp_signed_mail():
    parsed = _parsed("django-helpdesk/pgp.eml")
    assert parsed.text.strip()
    assert [a.content_type for a in parsed.attachments] == ["application/pgp-signature"]


# --- mail-parser expectations --------------------------------------------------------------


def _named(parsed) -> list[str]:
    """Attachments as mail-parser counts them: not the text and report parts that Fyr also
    keeps (and names itself) so that nothing is dropped."""
    return [
        a.filename
        for a in parsed.attachments
        if a.content_type.split("/")[0] not in {"text", "message"}
        or a.filename.rsplit(".", 1)[0] not in FALLBACK_STEMS
    ]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        (name, expected["attachments"])
        for name, expected in MAIL_PARSER.items()
        if isinstance(expected, dict) and "attachments" in expected
    ],
)
def test_mail_parser_attachment_counts(name, count):
    assert len(_named(_parsed(f"mail-parser/{name}"))) == count


def test_mail_parser_test_2_headers():
    parsed = _parsed("mail-parser/mail_test_2")
    expected = MAIL_PARSER["mail_test_2"]
    assert parsed.subject == expected["subject"]
    assert parsed.message_id == expected["message_id"].strip("<>")
    assert len(parsed.to) == expected["to_count"]
    assert parsed.to[0].email == expected["to[0].addr"]
    assert parsed.sender.email == expected["from[0].addr"]
    assert parsed.date is not None
    assert parsed.date.astimezone(UTC) == datetime.fromisoformat(expected["date_utc"])
    assert not [d for d in parsed.defects if d.endswith("Defect") or "Defect:" in d]


def test_mail_parser_display_names_with_commas_and_addresses():
    comma = _parsed("mail-parser/mail_test_18")
    assert (comma.sender.name, comma.sender.email) == (
        "LastßlName, FirstName",
        "comma.name@example.com",
    )
    assert [(a.name, a.email) for a in comma.cc] == [
        ("", "simple@example.net"),
        ('John "Johnny" Doe', "john.doe@example.com"),
    ]
    address_names = _parsed("mail-parser/mail_test_19")
    assert (address_names.sender.name, address_names.sender.email) == (
        "alice@example.com",
        "bob@example.com",
    )
    assert [(a.name, a.email) for a in address_names.reply_to] == [
        ("henry@example.com", "ivan@example.com")
    ]


def test_mail_parser_malformed_3_reply_to():
    parsed = _parsed("mail-parser/mail_malformed_3")
    assert [[a.name, a.email] for a in parsed.reply_to] == MAIL_PARSER["mail_malformed_3"][
        "reply_to"
    ]


def test_mail_parser_to_domains():
    parsed = _parsed("mail-parser/mail_test_6")
    assert any(a.email.endswith("test.it") for a in parsed.to)


def test_mail_parser_image_beside_html_is_not_text():
    parsed = _parsed("mail-parser/mail_test_14")
    assert "PNG here" not in parsed.text
    assert b"PNG here" in {a.data for a in parsed.attachments}
    assert "Plaintext here." not in parsed.text
    assert b"Plaintext here." in {a.data for a in parsed.attachments}


def test_mail_parser_uuencoded_zip_is_kept():
    parsed = _parsed("mail-parser/mail_test_15")
    [archive] = [a for a in parsed.attachments if a.filename == "REQUEST FOR QUOTE.zip"]
    assert archive.data.startswith(b"PK\x03\x04")


# --- flanker bounces and reports -----------------------------------------------------------

BOUNCES = {
    "broken-mime.eml": "info@example.net",
    "delayed-broken.eml": "demo@example.com",
    "delayed.eml": "foo@example.com",
    "gmail-invalid-address.eml": "awfawfawfawfawfaw@someserverhere.com",
    "gmail-no-dns.eml": "user@example.comm",
    "mailbox-full.eml": "user@aol.com",
    "no-mx.eml": "user@example.com",
    "office365.eml": "noname@example.com",
    "zed.eml": "asdfasdfasdfasdfasdfasdfewrqertrtyrthsfgdfgadfqeadvxzvz@gmail.com",
}


def test_every_flanker_bounce_is_listed():
    assert {p.name for p in (DATA / "flanker" / "bounce").glob("*.eml")} == set(BOUNCES)


@pytest.mark.parametrize(("name", "recipient"), sorted(BOUNCES.items()))
def test_flanker_bounces_are_recognised(name, recipient):
    parsed = _parsed(f"flanker/bounce/{name}")
    assert parsed.bounce is not None
    assert recipient in parsed.bounce.recipients
    assert parsed.auto_submitted


def test_flanker_bounce_details():
    zed = _parsed("flanker/bounce/zed.eml").bounce
    no_mx = _parsed("flanker/bounce/no-mx.eml").bounce
    assert zed is not None
    assert no_mx is not None
    assert (zed.status, zed.action, zed.permanent) == ("5.1.1", "failed", True)
    assert zed.original_message_id == "20090708054735.GC7578@example.com"
    assert (no_mx.status, no_mx.action, no_mx.permanent) == ("4.4.4", "delayed", False)
    assert no_mx.diagnostic == "454 4.4.4 [internal] no MX or A for domain"


@pytest.mark.parametrize("name", ["complaints/aol.eml", "complaints/yahoo.eml"])
def test_complaint_reports_are_automatic_but_not_bounces(name):
    parsed = _parsed(f"flanker/{name}")
    assert parsed.bounce is None
    assert parsed.auto_submitted
    assert parsed.report_type == "feedback-report"


def test_ordinary_flanker_mail_is_not_a_bounce():
    assert [n for n in MIME_MAILS if "bounce" not in n and _parsed(n).bounce is not None] == [
        "mail-parser/mail_malformed_2"  # "Delivery failure" from postmaster, a real DSN
    ]


def test_torture_test_keeps_its_forwarded_messages():
    parsed = _parsed("flanker/torture.eml")
    forwarded = [a for a in parsed.attachments if a.content_type == "message/rfc822"]
    assert len(forwarded) >= 4
    assert all(a.filename.endswith(".eml") for a in forwarded)


# --- Swedish fixtures ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(k for k in SWEDISH if not k.startswith("_")))
def test_swedish_fixture_matches_its_expectations(name):
    expected = SWEDISH[name]
    parsed = parse((SV / name).read_bytes())
    assert parsed.subject == expected["subject"]
    assert parsed.sender.email == expected["from"]
    assert [a.filename for a in parsed.attachments] == expected["attachments"]
    assert bool(parsed.auto_submitted) is expected["auto_submitted"]
    if expected["bounce_recipient"] is None:
        assert parsed.bounce is None
    else:
        assert parsed.bounce is not None
        assert parsed.bounce.recipients == (expected["bounce_recipient"],)
    assert " ".join(parsed.text.split()).startswith(" ".join(expected["visible_reply"].split()))
    assert parsed.defects == ()


def test_every_swedish_fixture_has_expectations():
    assert {p.name for p in SV.glob("*.eml")} == {k for k in SWEDISH if not k.startswith("_")}
