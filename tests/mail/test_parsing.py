"""Behaviour of ``fyr.mail.parsing``: raw mail bytes in, a plain description out.

The mails here are written for these tests; the public corpus is in ``test_corpus.py``.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from fyr.mail.parsing import Address, UnparseableMail, parse, safe_filename

SV = Path(__file__).parent / "fixtures" / "sv"


def mail(headers: str, body: str | bytes = "hello\n") -> bytes:
    head = headers.strip("\n").encode("utf-8") + b"\n\n"
    return head + (body if isinstance(body, bytes) else body.encode("utf-8"))


BASIC = "From: Anna <anna@example.se>\nTo: support@example.se\nSubject: Hej\nMessage-ID: <a@x>"


# --- Unusable input ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n  \n"])
def test_empty_input_is_unparseable(raw):
    with pytest.raises(UnparseableMail) as caught:
        parse(raw)
    assert caught.value.reason == "The message is empty."


def test_outlook_msg_file_is_unparseable_with_a_reason():
    raw = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(UnparseableMail) as caught:
        parse(raw)
    assert ".msg" in caught.value.reason


def test_binary_data_without_headers_is_unparseable():
    with pytest.raises(UnparseableMail) as caught:
        parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    assert caught.value.reason == "The data has no mail headers and no readable text."


def test_text_without_headers_degrades_to_a_body():
    parsed = parse(b"just some words someone pasted\nand a second line\n")
    assert parsed.text == "just some words someone pasted\nand a second line\n"
    assert parsed.subject == ""
    assert parsed.sender == Address(name="", email="")
    assert any(d.startswith("MissingHeaderBodySeparatorDefect") for d in parsed.defects)


def test_headers_without_body_parse():
    parsed = parse(b"From: a@example.com\nSubject: Only headers\n")
    assert parsed.subject == "Only headers"
    assert parsed.text == ""
    assert parsed.attachments == ()


# --- Charsets ------------------------------------------------------------------------------


def test_undeclared_utf8_body_is_read_as_utf8():
    parsed = parse(mail(BASIC, "Hej på dig, åäö\n".encode()))
    assert parsed.text == "Hej på dig, åäö\n"


def test_undeclared_latin1_body_is_read_as_windows_1252():
    parsed = parse(mail(BASIC, "Hej på dig, åäö “citat”\n".encode("cp1252")))
    assert parsed.text == "Hej på dig, åäö “citat”\n"
    assert "undeclared 8-bit text read as Windows-1252" in parsed.defects


@pytest.mark.parametrize("charset", ["utf-8-bogus", "x-unknown", "unknown-8bit"])
def test_unknown_charset_falls_back_to_utf8_then_windows_1252(charset):
    headers = BASIC + f"\nContent-Type: text/plain; charset={charset}"
    assert parse(mail(headers, "Räksmörgås\n".encode())).text == "Räksmörgås\n"
    assert parse(mail(headers, "Räksmörgås\n".encode("cp1252"))).text == "Räksmörgås\n"


def test_declared_iso_8859_1_reads_windows_1252_quotes():
    headers = BASIC + "\nContent-Type: text/plain; charset=iso-8859-1"
    assert parse(mail(headers, b"\x93Hej\x94 \xe5\xe4\xf6\n")).text == "“Hej” åäö\n"


def test_declared_windows_1251_and_gb2312():
    cyrillic = parse(
        mail(
            BASIC + "\nContent-Type: text/plain; charset=windows-1251",
            "Привет\n".encode("cp1251"),
        )
    )
    chinese = parse(
        mail(BASIC + "\nContent-Type: text/plain; charset=gb2312", "增值税发票\n".encode("gb2312"))
    )
    assert cyrillic.text == "Привет\n"
    assert chinese.text == "增值税发票\n"


def test_invalid_bytes_in_declared_utf8_keep_the_valid_text():
    body = "prosazuje lepší ".encode() + b"\xff\xfe" + b" konec\n"
    parsed = parse(mail(BASIC + "\nContent-Type: text/plain; charset=utf-8", body))
    assert parsed.text.startswith("prosazuje lepší ")
    assert parsed.text.endswith(" konec\n")
    assert "invalid utf-8 bytes in text" in parsed.defects


def test_html_charset_from_meta_tag_when_the_header_has_none():
    html = '<html><head><meta charset="windows-1252"></head><body>S\xe5 bra</body></html>'
    parsed = parse(mail(BASIC + "\nContent-Type: text/html", html.encode("cp1252")))
    assert "Så bra" in parsed.html
    assert parsed.text == "Så bra"


def test_raw_8bit_latin1_headers_are_decoded():
    raw = (
        b'From: "\xc5sa \xd6berg" <asa@example.se>\nTo: support@example.se\n'
        b"Subject: Fr\xe5ga om fakturan\n\nHej\n"
    )
    parsed = parse(raw)
    assert parsed.subject == "Fråga om fakturan"
    assert parsed.sender == Address(name="Åsa Öberg", email="asa@example.se")


def test_raw_8bit_utf8_headers_are_decoded():
    raw = "From: Åsa <asa@example.se>\nSubject: Fråga\n\nHej\n".encode()
    parsed = parse(raw)
    assert parsed.subject == "Fråga"
    assert parsed.sender.name == "Åsa"


# --- Encoded words -------------------------------------------------------------------------


def test_adjacent_encoded_words_join_without_the_space_between():
    headers = (
        "From: a@example.com\nSubject: =?utf-8?q?R=C3=A4k?= =?utf-8?q?sm=C3=B6rg=C3=A5s?= och mer"
    )
    assert parse(mail(headers)).subject == "Räksmörgås och mer"


def test_multibyte_character_split_across_encoded_words():
    encoded = "Ä".encode()
    first = base64.b64encode(b"R" + encoded[:1]).decode()
    second = base64.b64encode(encoded[1:] + b"k").decode()
    headers = f"From: a@example.com\nSubject: =?utf-8?b?{first}?= =?utf-8?b?{second}?="
    assert parse(mail(headers)).subject == "RÄk"


def test_malformed_encoded_words_still_decode():
    headers = (
        "From: a@example.com\n"
        "Subject: Ang.=?iso-8859-1?q?_=E4rende?=[#12] =?utf-8?b?w6XDpMO2?= =?x-bogus?q?Gr=FCn?="
    )
    assert parse(mail(headers)).subject == "Ang. ärende[#12] åäöGrün"


def test_encoded_word_with_broken_base64_padding():
    headers = "From: a@example.com\nSubject: =?utf-8?B?w6XDpMO2IGhlag?="
    assert parse(mail(headers)).subject == "åäö hej"


def test_subject_is_one_line_with_prefixes_kept():
    headers = (
        "From: a@example.com\nSubject:   SV:  Re:\n  =?utf-8?q?Fr=C3=A5ga?=\n\tom   fakturan  "
    )
    assert parse(mail(headers)).subject == "SV: Re: Fråga om fakturan"


# --- Transfer encodings --------------------------------------------------------------------


def test_quoted_printable_body():
    headers = (
        BASIC
        + "\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable"
    )
    parsed = parse(mail(headers, "Hej p=C3=A5 dig, en l=\nång rad\n"))
    assert parsed.text == "Hej på dig, en lång rad\n"


def test_base64_body_with_broken_padding():
    encoded = base64.b64encode("Hej på dig!\n".encode()).decode().rstrip("=")
    headers = BASIC + "\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64"
    parsed = parse(mail(headers, encoded + "\n"))
    assert parsed.text == "Hej på dig!\n"


def test_uuencoded_attachment():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = (
        "--b\nContent-Type: text/plain\n\nSee file.\n"
        "--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n"
        'Content-Disposition: attachment; filename="a.txt"\n\n'
        "begin 644 a.txt\n%:&5L;&\\`\n`\nend\n--b--\n"
    )
    parsed = parse(mail(headers, body))
    assert [(a.filename, a.data) for a in parsed.attachments] == [("a.txt", b"hello")]


def test_format_flowed_soft_breaks_are_joined():
    headers = BASIC + "\nContent-Type: text/plain; charset=utf-8; format=flowed"
    body = "En lång rad som \nfortsätter här.\n\n> Citat som \n> fortsätter.\n-- \nSignatur\n"
    parsed = parse(mail(headers, body))
    assert (
        parsed.text == "En lång rad som fortsätter här.\n\n> Citat som fortsätter.\n-- \nSignatur\n"
    )


# --- Structure -----------------------------------------------------------------------------


def alternative(plain: str, html: str) -> str:
    return (
        f"--alt\nContent-Type: text/plain; charset=utf-8\n\n{plain}\n"
        f"--alt\nContent-Type: text/html; charset=utf-8\n\n{html}\n--alt--\n"
    )


def test_alternative_gives_text_from_plain_and_html_from_html():
    headers = BASIC + '\nContent-Type: multipart/alternative; boundary="alt"'
    parsed = parse(mail(headers, alternative("Plain words", "<p>Rich <b>words</b></p>")))
    assert parsed.text == "Plain words"
    assert parsed.html == "<p>Rich <b>words</b></p>"
    assert parsed.attachments == ()


def test_html_only_mail_derives_text_and_keeps_html_unsanitised():
    html = "<p>Hej <b>Anna</b></p><script>alert(1)</script><p>Rad två</p>"
    parsed = parse(mail(BASIC + "\nContent-Type: text/html; charset=utf-8", html))
    assert parsed.html == html
    assert parsed.text == "Hej Anna\nRad två"


def test_related_images_are_inline_with_their_content_id():
    headers = BASIC + '\nContent-Type: multipart/related; boundary="rel"'
    body = (
        '--rel\nContent-Type: text/html\n\n<p>Logo: <img src="cid:logo@x"></p>\n'
        "--rel\nContent-Type: image/png\nContent-ID: < logo@x >\nContent-Transfer-Encoding: base64\n\n"
        "iVBORw0K\n--rel--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.html == '<p>Logo: <img src="cid:logo@x"></p>'
    [image] = parsed.attachments
    assert (image.filename, image.content_type, image.content_id, image.inline) == (
        "attachment.png",
        "image/png",
        "logo@x",
        True,
    )
    assert image.data == b"\x89PNG\r\n"


def test_second_text_part_beside_plain_body_is_kept_as_attachment():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = (
        "--b\nContent-Type: text/plain\n\nThe body.\n"
        "--b\nContent-Type: text/plain\n\nA second text part.\n"
        '--b\nContent-Type: text/plain; name="notes.txt"\n\nNamed notes.\n'
        "--b\nContent-Type: text/plain\nContent-Disposition: attachment\n\nDisposed.\n--b--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "The body."
    assert [(a.filename, a.data) for a in parsed.attachments] == [
        ("attachment.txt", b"A second text part."),
        ("notes.txt", b"Named notes."),
        ("attachment.txt", b"Disposed."),
    ]


def test_text_attachment_before_the_body_does_not_become_the_body():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = (
        '--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="log.txt"\n\nlog\n'
        "--b\nContent-Type: text/plain\n\nThe body.\n--b--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "The body."
    assert [a.filename for a in parsed.attachments] == ["log.txt"]


def test_pgp_signature_is_kept_as_attachment():
    headers = (
        BASIC
        + '\nContent-Type: multipart/signed; protocol="application/pgp-signature"; boundary="s"'
    )
    body = (
        "--s\nContent-Type: text/plain\n\nSigned words.\n"
        "--s\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP SIGNATURE-----\nabc\n"
        "-----END PGP SIGNATURE-----\n--s--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "Signed words."
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("signature.asc", "application/pgp-signature")
    ]


def test_pgp_encrypted_parts_are_attachments():
    headers = (
        BASIC
        + '\nContent-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="e"'
    )
    body = (
        "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
        '--e\nContent-Type: application/octet-stream; name="encrypted.asc"\n\n'
        "-----BEGIN PGP MESSAGE-----\nxyz\n-----END PGP MESSAGE-----\n--e--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == ""
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("pgp-encrypted.asc", "application/pgp-encrypted"),
        ("encrypted.asc", "application/octet-stream"),
    ]


def test_forwarded_message_is_one_eml_attachment_named_from_its_subject():
    parsed = parse((SV / "forwarded_rfc822.eml").read_bytes())
    assert parsed.text == (
        "Hej support,\n\nJag vidarebefordrar Jonas fråga. Kan ni ge honom läsbehörighet?\n\n/Helena\n"
    )
    [forwarded] = parsed.attachments
    assert forwarded.filename == "Behörighet till rapporterna.eml"
    assert forwarded.content_type == "message/rfc822"
    inner = parse(forwarded.data)
    assert inner.subject == "Behörighet till rapporterna"
    assert inner.sender == Address(name="Jonas Dahl", email="jonas.dahl@kund.example")
    assert "Jag kommer inte åt månadsrapporterna längre." in inner.text


def test_forwarded_message_without_a_name_is_named_from_its_subject():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = (
        "--b\nContent-Type: text/plain\n\nFYI\n"
        "--b\nContent-Type: message/rfc822\n\nFrom: x@example.com\nSubject: Re: a/b\\c\n\nInner text\n"
        "--b--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "FYI"
    [forwarded] = parsed.attachments
    assert forwarded.filename == "c.eml"
    assert parse(forwarded.data).text == "Inner text"


def test_calendar_only_mail_keeps_invite_and_says_so_in_text():
    ics = "BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nSUMMARY:Möte om\n  avtalet\nEND:VEVENT\nEND:VCALENDAR\n"
    parsed = parse(
        mail(BASIC + "\nContent-Type: text/calendar; charset=utf-8; method=REQUEST", ics)
    )
    assert parsed.text == "Calendar invitation: Möte om avtalet"
    [invite] = parsed.attachments
    assert (invite.filename, invite.content_type) == ("invite.ics", "text/calendar")
    assert invite.data == ics.encode()


def test_calendar_beside_a_body_is_only_an_attachment():
    parsed = parse((SV / "calendar_invite.eml").read_bytes())
    assert parsed.text.startswith("Vi går igenom de öppna ärendena")
    assert [a.filename for a in parsed.attachments] == ["invite.ics"]


def test_disposition_notification_is_kept_as_attachment():
    headers = (
        BASIC
        + '\nContent-Type: multipart/report; report-type=disposition-notification; boundary="r"'
    )
    body = (
        "--r\nContent-Type: text/plain\n\nYour message was displayed.\n"
        "--r\nContent-Type: message/disposition-notification\n\n"
        "Reporting-UA: mail.example.com\nFinal-Recipient: rfc822; a@example.com\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\n--r--\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "Your message was displayed."
    [report] = parsed.attachments
    assert report.filename == "disposition-notification.txt"
    assert b"Disposition: manual-action/MDN-sent-manually; displayed" in report.data
    assert parsed.report_type == "disposition-notification"
    assert parsed.bounce is None
    assert parsed.auto_submitted == "multipart/report: disposition-notification"


def test_rfc2231_attachment_name_is_decoded():
    parsed = parse((SV / "attachment_rfc2231.eml").read_bytes())
    [pdf] = parsed.attachments
    assert (pdf.filename, pdf.content_type, pdf.inline) == (
        "Kvitto för mars.pdf",
        "application/pdf",
        False,
    )
    assert pdf.data.startswith(b"%PDF-1.4")


def test_encoded_word_attachment_name_is_decoded():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = (
        "--b\nContent-Type: text/plain\n\nSe bilaga.\n"
        '--b\nContent-Type: application/pdf; name="=?utf-8?q?Kvitto_f=C3=B6r_mars=2Epdf?="\n'
        "Content-Disposition: attachment\n\n%PDF\n--b--\n"
    )
    assert [a.filename for a in parse(mail(headers, body)).attachments] == ["Kvitto för mars.pdf"]


def test_closing_boundary_shared_with_the_outer_part_does_not_lose_later_parts():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="same"'
    body = (
        '--same\nContent-Type: multipart/alternative; boundary="same"\n\n'
        "--same\nContent-Type: text/plain\n\nBody text\n"
        "--same--\n\n"
        '--same\nContent-Type: application/zip; name="files.zip"\n\nPK\n--same--\n'
    )
    parsed = parse(mail(headers, body))
    assert parsed.text == "Body text"
    assert [a.filename for a in parsed.attachments] == ["files.zip"]
    assert "parts after the closing boundary were recovered" in parsed.defects


def test_missing_boundary_keeps_the_body_as_text_and_records_defects():
    headers = BASIC + '\nContent-Type: multipart/alternative; boundary="never"'
    parsed = parse(mail(headers, "Just text, no parts.\n"))
    assert parsed.text == "Just text, no parts.\n"
    assert any(d.startswith("StartBoundaryNotFoundDefect") for d in parsed.defects)


def test_content_type_is_lower_case_without_parameters():
    headers = BASIC + '\nContent-Type: multipart/mixed; boundary="b"'
    body = "--b\nContent-Type: text/plain\n\nx\n--b\nContent-Type: IMAGE/JPEG; name=a.jpg\n\nzz\n--b--\n"
    assert [a.content_type for a in parse(mail(headers, body)).attachments] == ["image/jpeg"]


# --- Identifiers, addresses, dates -------------------------------------------------------


def test_message_ids_are_stripped_of_brackets_and_whitespace():
    headers = (
        "From: a@example.com\nMessage-ID:\n  < abc@example.com >\n"
        "In-Reply-To: <p1@x> (message from Anna)\n"
        "References: <r1@x>\n <r2@x><r3@\n x>  r4@x"
    )
    parsed = parse(mail(headers))
    assert parsed.message_id == "abc@example.com"
    assert parsed.in_reply_to == ("p1@x",)
    assert parsed.references == ("r1@x", "r2@x", "r3@x")


def test_references_without_brackets_are_split_on_whitespace():
    parsed = parse(mail("From: a@example.com\nReferences: r1@x r2@x\n\tr3@x"))
    assert parsed.references == ("r1@x", "r2@x", "r3@x")


def test_only_the_last_100_references_are_kept():
    refs = " ".join(f"<r{i}@x>" for i in range(250))
    parsed = parse(mail(f"From: a@example.com\nReferences: {refs}"))
    assert len(parsed.references) == 100
    assert parsed.references[0] == "r150@x"
    assert parsed.references[-1] == "r249@x"


def test_missing_message_id_is_empty():
    assert parse(mail("From: a@example.com")).message_id == ""


def test_address_lists_with_quotes_commas_and_encoded_names():
    headers = (
        'From: "Berg, Gunilla" <gunilla@example.com>\n'
        "To: =?utf-8?q?=C3=85sa_=C3=96berg?= <asa@example.se>, plain@example.se,\n"
        " alice@example.com <bob@example.com>, Team: x@example.com, y@example.com;\n"
        "Cc: undisclosed-recipients:;\n"
        "Reply-To: svar@example.com (Svar Svarsson)"
    )
    parsed = parse(mail(headers))
    assert parsed.sender == Address(name="Berg, Gunilla", email="gunilla@example.com")
    assert parsed.to == (
        Address(name="Åsa Öberg", email="asa@example.se"),
        Address(name="", email="plain@example.se"),
        Address(name="alice@example.com", email="bob@example.com"),
        Address(name="", email="x@example.com"),
        Address(name="", email="y@example.com"),
    )
    assert parsed.cc == ()
    assert parsed.reply_to == (Address(name="Svar Svarsson", email="svar@example.com"),)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("Sender: Anna <anna@example.se>", Address("Anna", "anna@example.se")),
        ("Reply-To: svar@example.se", Address("", "svar@example.se")),
        ("Return-Path: <bounce@example.se>", Address("", "bounce@example.se")),
        ("Return-Path: <>", Address("", "")),
    ],
)
def test_sender_falls_back_to_sender_reply_to_and_return_path(headers, expected):
    assert parse(mail(headers + "\nSubject: x")).sender == expected


def test_delivered_to_collects_every_envelope_header():
    headers = (
        "From: a@example.com\nDelivered-To: support@example.se\nDelivered-To: alias@example.se\n"
        "X-Original-To: support@example.se\nEnvelope-To: <sales@example.se>\nX-Envelope-To: x@example.se"
    )
    assert parse(mail(headers)).delivered_to == (
        "support@example.se",
        "alias@example.se",
        "sales@example.se",
        "x@example.se",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Mon, 3 Mar 2025 10:15:00 +0100",
            datetime(2025, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Mon, 3 Mar 2025 10:15:00 -0000", datetime(2025, 3, 3, 10, 15, tzinfo=UTC)),
        ("not a date", None),
        ("Mon, 99 Foo 2025 99:99:99 +9999", None),
    ],
)
def test_date_is_aware_or_none(value, expected):
    assert parse(mail(f"From: a@example.com\nDate: {value}")).date == expected


def test_missing_date_is_none():
    assert parse(mail("From: a@example.com")).date is None


def test_headers_worth_keeping_are_decoded_metadata():
    headers = (
        "From: =?utf-8?q?=C3=85sa?= <asa@example.se>\nTo: b@example.se\nSubject: Hej\n"
        "Message-ID: <m@x>\nDate: Mon, 3 Mar 2025 10:15:00 +0100\nX-Mailer: Eudora 7.1\n"
        "Received: from somewhere\nX-Spam: 1"
    )
    assert parse(mail(headers)).headers == {
        "message-id": "<m@x>",
        "from": "Åsa <asa@example.se>",
        "to": "b@example.se",
        "date": "Mon, 3 Mar 2025 10:15:00 +0100",
        "subject": "Hej",
        "x-mailer": "Eudora 7.1",
    }


# --- Automatic mail, lists and bounces ---------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("Auto-Submitted: auto-replied", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Precedence: bulk", "Precedence: bulk"),
        ("Precedence: junk", "Precedence: junk"),
        ("X-Autoreply: yes", "X-Autoreply"),
        ("X-Autorespond: yes", "X-Autoreply"),
        ("X-Auto-Response-Suppress: All", "X-Auto-Response-Suppress"),
        ("List-Id: <news.example.com>", "List-Id"),
        ("List-Unsubscribe: <mailto:u@example.com>", "List-Unsubscribe"),
    ],
)
def test_automatic_mail_says_why(extra, reason):
    assert parse(mail(BASIC + "\n" + extra)).auto_submitted == reason


def test_mail_from_a_person_is_not_automatic():
    parsed = parse(mail(BASIC + "\nAuto-Submitted: no"))
    assert parsed.auto_submitted == ""
    assert parsed.is_list is False


def test_mailer_daemon_sender_is_automatic():
    parsed = parse(mail("From: MAILER-DAEMON@example.com\nSubject: Hello"))
    assert parsed.auto_submitted == "mailer-daemon sender"


@pytest.mark.parametrize(
    "extra", ["List-Id: <l.example.com>", "List-Unsubscribe: <https://x>", "Precedence: list"]
)
def test_list_mail_is_marked(extra):
    assert parse(mail(BASIC + "\n" + extra)).is_list is True


def test_out_of_office_reply_is_automatic():
    parsed = parse((SV / "out_of_office.eml").read_bytes())
    assert parsed.auto_submitted == "Auto-Submitted: auto-replied"
    assert parsed.subject == "Frånvaromeddelande: Ang. ärende [#1049] Beställning av licenser"
    assert parsed.bounce is None


def test_delivery_status_notification_is_a_bounce():
    parsed = parse((SV / "bounce_exchange.eml").read_bytes())
    assert parsed.bounce is not None
    assert parsed.bounce.original_message_id == "fyr.1048.e7c1a2@example.se"
    assert parsed.bounce.recipients == ("bengt.sjoberg@kund.example",)
    assert parsed.bounce.action == "failed"
    assert parsed.bounce.status == "5.1.1"
    assert parsed.bounce.diagnostic == (
        "550 5.1.1 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
    )
    assert parsed.bounce.permanent is True
    assert parsed.report_type == "delivery-status"
    assert [a.filename for a in parsed.attachments] == ["delivery-status.txt", "headers.txt"]


def test_delayed_delivery_is_not_permanent():
    headers = (
        "From: Mail Delivery System <MAILER-DAEMON@example.com>\nSubject: Delayed Mail\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"'
    )
    body = (
        "--r\nContent-Type: text/plain\n\nStill trying.\n"
        "--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
        "Final-Recipient: rfc822; late@example.org\nAction: delayed\nStatus: 4.4.7\n--r--\n"
    )
    bounce = parse(mail(headers, body)).bounce
    assert bounce is not None
    assert (bounce.recipients, bounce.action, bounce.status, bounce.permanent) == (
        ("late@example.org",),
        "delayed",
        "4.4.7",
        False,
    )


def test_swedish_non_standard_bounce_is_recognised():
    headers = (
        "From: postmaster@kund.example\nTo: support@example.se\n"
        "Subject: =?utf-8?q?Olevererat:_Ang._=C3=A4rende_[#7]?="
    )
    body = (
        "Ditt meddelande kunde inte levereras till fel@kund.example.\n"
        "550 5.1.1 User unknown\n\n"
        "----- Original message -----\n"
        "Message-ID: <fyr.7.abc@example.se>\nFrom: support@example.se\nTo: fel@kund.example\n"
    )
    parsed = parse(mail(headers, body))
    assert parsed.bounce is not None
    assert parsed.bounce.recipients == ("fel@kund.example",)
    assert parsed.bounce.original_message_id == "fyr.7.abc@example.se"
    assert parsed.bounce.status == "5.1.1"
    assert parsed.bounce.diagnostic == "550 5.1.1 User unknown"
    assert parsed.bounce.permanent is True
    assert parsed.auto_submitted == "mailer-daemon sender"


def test_ordinary_mail_from_postmaster_with_another_subject_is_not_a_bounce():
    parsed = parse(mail("From: postmaster@example.com\nSubject: Nytt schema för underhåll"))
    assert parsed.bounce is None


# --- File names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("rapport.pdf", "", "rapport.pdf"),
        ("../../etc/passwd", "", "passwd"),
        ("C:\\Users\\anna\\Desktop\\bild.jpg", "", "bild.jpg"),
        (".htaccess", "", "htaccess"),
        ("...", "image/png", "attachment.png"),
        ("", "application/pdf", "attachment.pdf"),
        ("", "text/plain", "attachment.txt"),
        ("", "", "attachment"),
        ("a\x00b\x1fc\u202egnp.exe", "", "abcgnp.exe"),
        ("CON.txt", "", "_CON.txt"),
        ("lpt1", "", "_lpt1"),
        ('what?*:<>|".txt', "", "what_______.txt"),
        ("  many   spaces .txt  ", "", "many spaces .txt"),
    ],
)
def test_safe_filename(name, content_type, expected):
    assert safe_filename(name, content_type=content_type) == expected


def test_safe_filename_limits_bytes_and_keeps_the_extension():
    name = safe_filename("å" * 300 + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode()) <= 255
    assert name == "å" * 125 + ".pdf"


def test_safe_filename_uses_the_given_fallback():
    assert safe_filename("", content_type="text/calendar", fallback="invite") == "invite.ics"
