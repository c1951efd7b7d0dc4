"""Turning the raw bytes of one mail (RFC 5322 / MIME) into a plain description.

Only the standard library's ``email`` package reads the MIME structure, with ``policy.default``
(plus a cache, see ``_Policy``). Everything a real mail can get wrong — wrong or unknown charsets,
raw 8-bit headers, broken base64, missing boundaries — degrades to a best guess and a line in
``ParsedMail.defects``; the only exception that leaves ``parse`` is ``UnparseableMail``.

Undeclared or undecodable 8-bit text is read as UTF-8 when it is valid UTF-8 and as Windows-1252
otherwise (a superset of Latin-1 that covers Swedish å ä ö and Outlook's curly quotes).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import mimetypes
import quopri
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _

from fyr.tickets import html as html_tools
from fyr.tickets.inbound import InboundAttachment

MAX_REFERENCES = 100
MAX_DEPTH = 40
MAX_DEFECTS = 50
MAX_HEADER_METADATA = 998


class UnparseableMail(Exception):
    """The bytes are not a usable mail at all; ``reason`` says why (shown to admins in the quarantine)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Address:
    name: str
    email: str


@dataclass(frozen=True)
class Bounce:
    original_message_id: str
    recipients: tuple[str, ...]
    action: str
    status: str
    diagnostic: str
    permanent: bool


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    subject: str
    sender: Address
    reply_to: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    delivered_to: tuple[str, ...]
    date: datetime | None
    text: str
    html: str
    attachments: tuple[InboundAttachment, ...]
    auto_submitted: str
    is_list: bool
    bounce: Bounce | None
    defects: tuple[str, ...]
    headers: dict[str, str]
    # Added: what kind of machine report this is ("delivery-status", "feedback-report",
    # "disposition-notification"), from multipart/report's report-type; "" for other mail.
    report_type: str = ""


# --- Bytes to text -------------------------------------------------------------------------

# Windows-1252 leaves five bytes undefined; those fall back to their Latin-1 meaning so the
# decoding can never fail.
_CP1252_TABLE = {
    byte: bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0xA0)
    if byte not in {0x81, 0x8D, 0x8F, 0x90, 0x9D}
}


def _cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _cp1252_errors(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _cp1252(exc.object[exc.start : exc.end]), exc.end


_ERRORS = "fyr.mail.cp1252"
codecs.register_error(_ERRORS, _cp1252_errors)

# Names mail clients write that Python does not know, or knows as a narrower charset.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "x-sjis": "cp932",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
    "ansi_x3.4-1968": "ascii",
}
_UNDECLARED = {"", "us-ascii", "ascii", "unknown", "unknown-8bit", "x-unknown", "default"}


def _looks_like_latin1(codec_name: str) -> bool:
    return codec_name in {"latin-1", "iso8859-1", "cp1252"}


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str]:
    """Text from bytes in the declared charset, and a defect string ("" when all went well).

    Never raises: an unknown or wrong charset falls back to UTF-8, then Windows-1252.
    """
    name = (charset or "").strip().strip("\"'").lower()
    name = name.split("*", 1)[0]  # RFC 2231 language tag: utf-8*sv
    if name.isascii():
        pass
    else:
        name = ""
    if not data:
        return "", ""
    defect = ""
    codec: str | None = None
    if name and name not in _UNDECLARED:
        try:
            codec = codecs.lookup(_CHARSET_ALIASES.get(name, name)).name
        except LookupError:
            defect = _("unknown charset %(charset)s") % {"charset": name[:40]}
    if codec is None or codec == "ascii":
        if data.isascii():
            return data.decode("ascii"), defect
        try:
            return data.decode("utf-8"), defect
        except UnicodeDecodeError:
            return _utf8_or_cp1252(data), defect or _("undeclared 8-bit text read as Windows-1252")
    if _looks_like_latin1(codec):
        return _cp1252(data), defect
    try:
        return data.decode(codec), defect
    except (UnicodeDecodeError, LookupError):
        pass
    if codec != "utf-8":
        try:
            return data.decode("utf-8"), _("text declared as %(charset)s is UTF-8") % {
                "charset": name[:40]
            }
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8" if codec == "utf-8" else codec, errors=_ERRORS)
    return text, _("invalid %(charset)s bytes in text") % {"charset": name[:40]}


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _utf8_or_cp1252(data: bytes) -> str:
    """Undeclared 8-bit text: UTF-8 when it is valid UTF-8, else Windows-1252. Text that is
    UTF-8 but for a few broken bytes (a file name cut in the middle of a character) stays
    UTF-8, with only the broken bytes read as Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if _UTF8_SEQUENCE.search(data):
            return data.decode("utf-8", errors=_ERRORS)
    return _cp1252(data)


def _fix_8bit(value: str) -> str:
    """Header text that carried raw 8-bit bytes (kept by the parser as surrogates)."""
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return _utf8_or_cp1252(value.encode("utf-8", "surrogateescape"))


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*?)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t\r\n]*")


def _word_bytes(encoding: str, text: str) -> bytes:
    if encoding in "bB":
        compact = re.sub(r"[^A-Za-z0-9+/]", "", text)
        compact = compact[: len(compact) - len(compact) % 4 if len(compact) % 4 == 1 else None]
        return base64.b64decode(compact + "=" * (-len(compact) % 4))
    raw = text.replace("_", " ").encode("ascii", "surrogateescape")
    return quopri.decodestring(raw, header=False)


def decode_header_text(value: str) -> str:
    """Decode RFC 2047 encoded words, also malformed ones (no spaces around, split multibyte
    characters, bad base64 padding, unknown charsets); raw 8-bit bytes are read as UTF-8 or
    Windows-1252."""
    value = _fix_8bit(value)
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: bytes = b""
    pending_charset = ""
    pos = 0

    def flush() -> None:
        nonlocal pending, pending_charset
        if pending:
            out.append(decode_bytes(pending, pending_charset)[0])
        pending, pending_charset = b"", ""

    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        charset = match.group(1).split("*", 1)[0].lower()
        try:
            data = _word_bytes(match.group(2), match.group(3))
        except (binascii.Error, ValueError):
            flush()
            out.append(between + match.group(0))
            pos = match.end()
            continue
        if between and (not pending or between.strip(" \t\r\n")):
            flush()
            out.append(between)
        if pending and charset != pending_charset:
            flush()
        pending += data
        pending_charset = charset
        pos = match.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


def _one_line(value: str) -> str:
    return " ".join(value.split())


# --- The policy ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _header_object(name: str, value: str) -> Any:
    return default_policy.header_fetch_parse(name, _fix_8bit(value))


class _Policy(EmailPolicy):
    """``policy.default``, with raw 8-bit header bytes read as UTF-8/Windows-1252 instead of
    being replaced, and parsed headers cached: the parser asks for each part's Content-Type
    several times, and a mail with thousands of parts took over a second without the cache."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        try:
            return _header_object(name, value)
        except Exception:
            return default_policy.header_fetch_parse(name, _fix_8bit(value))


_POLICY = _Policy()
_SERIALIZE_POLICY = _POLICY.clone(refold_source="none", cte_type="8bit", linesep="\r\n")


# --- Headers -------------------------------------------------------------------------------


def _raw_headers(msg: Message, name: str) -> list[str]:
    wanted = name.lower()
    values: list[str] = []
    try:
        items = msg.raw_items() if isinstance(msg, EmailMessage) else msg.items()
        for key, value in items:
            if key.lower() == wanted:
                values.append(re.sub(r"\r?\n", "", str(value)))
    except Exception:
        return values
    return values


def _first_header(msg: Message, name: str) -> str:
    values = _raw_headers(msg, name)
    return values[0] if values else ""


_ID_IN_BRACKETS = re.compile(r"<([^<>]*)>")


def _message_ids(value: str) -> list[str]:
    value = _fix_8bit(value)
    ids = ["".join(found.split()) for found in _ID_IN_BRACKETS.findall(value)]
    if not ids:
        ids = [token.strip("<>") for token in value.split()]
    seen: set[str] = set()
    unique = []
    for msg_id in ids:
        if msg_id and msg_id not in seen:
            seen.add(msg_id)
            unique.append(msg_id)
    return unique


def _message_id(value: str) -> str:
    ids = _message_ids(value)
    return ids[0] if ids else ""


_LOOSE_ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
_COMMENT = re.compile(r"\(([^()]*)\)")


def _split_address_list(value: str) -> list[str]:
    """Split on commas outside quotes, comments and angle brackets; drop group names."""
    chunks: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    angle = paren = 0
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\" and (quoted or paren):
            escaped = True
        elif ch == '"' and not paren:
            quoted = not quoted
        elif not quoted:
            if ch == "(":
                paren += 1
            elif ch == ")" and paren:
                paren -= 1
            elif not paren and ch == "<":
                angle += 1
            elif not paren and ch == ">" and angle:
                angle -= 1
            elif not paren and not angle and ch in ",;":
                chunks.append("".join(current))
                current = []
                continue
            elif not paren and not angle and ch == ":" and "@" not in "".join(current):
                current = []  # "Group name:" starts a group
                continue
        current.append(ch)
    chunks.append("".join(current))
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _angle_outside_quotes(chunk: str) -> tuple[str, str, str] | None:
    """``(before, address, after)`` for the last ``<…>`` not inside a quoted display name, so
    ``"<img src=x>" <karin@acme.se>`` yields karin@acme.se."""
    quoted = escaped = False
    start = -1
    found: tuple[int, int] | None = None
    for index, ch in enumerate(chunk):
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif not quoted and ch == "<":
            start = index
        elif not quoted and ch == ">" and start >= 0:
            found = (start, index)
            start = -1
    if found is None:
        return None
    begin, end = found
    return chunk[:begin], chunk[begin + 1 : end], chunk[end + 1 :]


def _one_address(chunk: str) -> Address:
    match = _angle_outside_quotes(chunk)
    if match:
        name, addr, after = match
        if not name.strip():
            comment = _COMMENT.search(after)
            name = comment.group(1) if comment else ""
    else:
        comment = _COMMENT.search(chunk)
        name = comment.group(1) if comment else ""
        rest = _COMMENT.sub(" ", chunk).strip()
        loose = _LOOSE_ADDRESS.search(rest)
        if loose and loose.group(0) != rest:
            addr = loose.group(0)
            name = name or (rest[: loose.start()] + rest[loose.end() :])
        else:
            addr = rest
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    name = _one_line(decode_header_text(name)).strip("\"' ")
    addr = "".join(addr.split()).strip("\"'")
    if addr.lower().startswith("mailto:"):
        addr = addr[7:]
    return Address(name=name, email=addr)


def _addresses(values: list[str]) -> tuple[Address, ...]:
    found: list[Address] = []
    for value in values:
        for chunk in _split_address_list(_fix_8bit(value)):
            address = _one_address(chunk)
            if address.name or address.email:
                found.append(address)
    return tuple(found)


def _date(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        parsed = parsedate_to_datetime(_fix_8bit(value).strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# --- Parts ---------------------------------------------------------------------------------


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:
        return "application/octet-stream"


def _params(part: Message, header: str) -> dict[str, str]:
    try:
        value = part.get(header)
        params = getattr(value, "params", None)
        if params is not None:
            return {str(k).lower(): str(v) for k, v in params.items()}
    except Exception:
        pass
    return {}


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:
        return ""


def _filename(part: Message) -> str:
    name = _params(part, "content-disposition").get("filename") or _params(
        part, "content-type"
    ).get("name", "")
    return _one_line(decode_header_text(name))


def _content_id(part: Message) -> str:
    return "".join(_fix_8bit(_first_header(part, "content-id")).split()).strip("<>")


def _payload_bytes(part: Message, st: _State) -> bytes:
    """The decoded body of a leaf part (base64, quoted-printable, uuencode undone)."""
    try:
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            return data
    except Exception:
        pass
    # Decoding failed (badly broken base64, for one): salvage what can be read.
    raw = part.get_payload()
    if not isinstance(raw, str):
        return b""
    raw_bytes = raw.encode("utf-8", "surrogateescape")
    st.defect(_("a part's transfer encoding could not be decoded; kept as sent"))
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        compact = re.sub(rb"[^A-Za-z0-9+/]", b"", raw_bytes)
        compact = compact[: len(compact) - len(compact) % 4]
        try:
            return base64.b64decode(compact)
        except (binascii.Error, ValueError):
            return raw_bytes
    return raw_bytes


def _serialize(msg: Message) -> bytes:
    buffer = BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=_SERIALIZE_POLICY).flatten(msg)
    return buffer.getvalue()


def _body_of_serialized(data: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n"):
        _head, found, body = data.partition(separator)
        if found:
            return body
    return b""


def _nested_message_bytes(part: Message, st: _State) -> bytes:
    """The forwarded message inside a message/rfc822 (or similar) part, as bytes."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        try:
            return _serialize(payload[0])
        except Exception:
            try:
                return _body_of_serialized(_serialize(part))
            except Exception:
                st.defect(_("a forwarded message could not be kept byte for byte"))
                try:
                    return str(payload[0]).encode("utf-8", "surrogateescape")
                except Exception:
                    return b""
    return _payload_bytes(part, st)


_MESSAGE_TYPES = {"message/rfc822", "message/global", "message/news"}
_EXTENSIONS = {
    "message/news": ".eml",
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "text/rfc822-headers": ".txt",
    "message/delivery-status": ".txt",
    "message/global-delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "message/feedback-report": ".txt",
    "text/calendar": ".ics",
    "application/ics": ".ics",
    "application/pgp-signature": ".asc",
    "application/pgp-encrypted": ".asc",
    "application/pgp-keys": ".asc",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "application/pkcs7-mime": ".p7m",
    "application/x-pkcs7-mime": ".p7m",
    "text/plain": ".txt",
    "text/html": ".html",
    "image/jpeg": ".jpg",
    "application/octet-stream": ".bin",
}
_FALLBACK_NAMES = {
    "text/calendar": "invite",
    "application/ics": "invite",
    "message/delivery-status": "delivery-status",
    "message/global-delivery-status": "delivery-status",
    "message/disposition-notification": "disposition-notification",
    "message/feedback-report": "feedback-report",
    "text/rfc822-headers": "headers",
    "application/pgp-signature": "signature",
    "application/pkcs7-signature": "smime",
    "application/x-pkcs7-signature": "smime",
    "application/pgp-encrypted": "pgp-encrypted",
    "message/rfc822": "forwarded-message",
}
_MIME_TYPES = mimetypes.MimeTypes()  # the built-in table only, the same on every machine


def _extension_for(content_type: str) -> str:
    content_type = content_type.split(";", 1)[0].strip().lower()
    if content_type in _EXTENSIONS:
        return _EXTENSIONS[content_type]
    if not content_type:
        return ""
    return _MIME_TYPES.guess_extension(content_type) or ""


_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$", re.IGNORECASE)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
MAX_FILENAME_BYTES = 255


def safe_filename(name: str, *, content_type: str = "", fallback: str = "attachment") -> str:
    """A file name that is safe to store and offer for download.

    Drops directories (``/`` and ``\\``), control and formatting characters (including
    right-to-left overrides that disguise extensions), leading dots and characters Windows
    forbids; renames reserved Windows device names; keeps the result within 255 bytes of UTF-8
    with its extension. With nothing left, ``fallback`` plus an extension for ``content_type``.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    name = " ".join(name.split()).lstrip(". ").rstrip(". ")
    if not name:
        fallback = safe_filename(fallback) if fallback else ""
        name = (fallback or "attachment") + _extension_for(content_type)
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode()) > 16:
        stem, dot, extension = name, "", ""
    if _WINDOWS_RESERVED.match(stem.split(".", 1)[0]):
        stem = "_" + stem
    suffix = dot + extension
    room = MAX_FILENAME_BYTES - len(suffix.encode())
    stem_bytes = stem.encode()
    if len(stem_bytes) > room:
        stem = stem_bytes[:room].decode("utf-8", errors="ignore").rstrip(". ")
    return stem + suffix


# --- Walking the MIME tree -----------------------------------------------------------------

_DEFECT_DESCRIPTIONS = {
    "CloseBoundaryNotFoundDefect": "the closing multipart boundary is missing",
    "StartBoundaryNotFoundDefect": "the multipart boundary was never found",
    "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "a 'From ' envelope line sits among the headers",
    "MissingHeaderBodySeparatorDefect": "no blank line between headers and body",
    "MultipartInvariantViolationDefect": "a multipart content type without parts",
    "InvalidMultipartContentTransferEncodingDefect": "a multipart with a transfer encoding",
    "NoBoundaryInMultipartDefect": "a multipart without a boundary",
    "UndecodableBytesDefect": "undecodable bytes",
    "InvalidBase64PaddingDefect": "broken base64 padding",
    "InvalidBase64CharactersDefect": "invalid characters in base64",
    "InvalidBase64LengthDefect": "base64 of impossible length",
}


def _describe_defect(defect: Exception) -> str:
    name = type(defect).__name__
    description = _DEFECT_DESCRIPTIONS.get(name)
    if description is not None:
        return f"{name}: {_(description)}"
    detail = str(defect).strip()
    return f"{name}: {detail}" if detail else name


@dataclass
class _State:
    text: str | None = None
    html: str | None = None
    body_done: bool = False
    attachments: list[InboundAttachment] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)
    calendar_summary: str | None = None
    delivery_status: list[bytes] = field(default_factory=list)
    returned_headers: list[bytes] = field(default_factory=list)
    report_type: str = ""

    def has_body(self) -> bool:
        return not (_blank(self.text) and _blank(self.html))

    def defect(self, text: str) -> None:
        if text and text not in self.defects and len(self.defects) < MAX_DEFECTS:
            self.defects.append(text)

    def python_defects(self, part: Message) -> None:
        for found in getattr(part, "defects", ()):
            self.defect(_describe_defect(found))

    def attach(self, filename: str, content_type: str, data: bytes, **extra: Any) -> None:
        self.attachments.append(
            InboundAttachment(filename=filename, content_type=content_type, data=data, **extra)
        )


def _text_of(part: Message, st: _State, data: bytes | None = None) -> str:
    if data is None:
        data = _payload_bytes(part, st)
    charset = _params(part, "content-type").get("charset")
    if not charset and _content_type(part) == "text/html":
        meta = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", data[:4096], re.I)
        charset = meta.group(1).decode("ascii") if meta else None
    text, problem = decode_bytes(data, charset)
    st.defect(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")
    params = _params(part, "content-type")
    if params.get("format", "").lower() == "flowed" and _content_type(part) == "text/plain":
        text = _unflow(text, delsp=params.get("delsp", "").lower() == "yes")
    return text


def _unflow(text: str, *, delsp: bool) -> str:
    """Join the soft line breaks of format=flowed text (RFC 3676): a line ending in a space
    continues on the next line of the same quote depth."""
    lines: list[str] = []
    paragraph: str | None = None
    paragraph_depth = 0

    def finish() -> None:
        nonlocal paragraph
        if paragraph is not None:
            prefix = ">" * paragraph_depth
            lines.append(f"{prefix} {paragraph}" if prefix and paragraph else prefix + paragraph)
        paragraph = None

    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if paragraph is not None and depth != paragraph_depth:
            finish()
        if paragraph is None:
            paragraph, paragraph_depth = content, depth
        else:
            paragraph += content
        if content.endswith(" ") and content != "-- ":
            if delsp:
                paragraph = paragraph[:-1]
            continue
        finish()
    finish()
    return "\n".join(lines)


def _keep_as_attachment(part: Message, st: _State, content_type: str, *, related: bool) -> None:
    disposition = _disposition(part)
    content_id = _content_id(part)
    nested = part.get_payload()
    if isinstance(nested, list):  # defects inside a kept message still help diagnose it
        for item in nested:
            if isinstance(item, Message):
                for inner in item.walk():
                    st.python_defects(inner)
    if content_type in _MESSAGE_TYPES:
        data = _nested_message_bytes(part, st)
        subject = ""
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            subject = _one_line(decode_header_text(_first_header(payload[0], "subject")))
        name = _filename(part) or (subject + ".eml" if subject else "")
        filename = safe_filename(name, content_type=content_type, fallback="forwarded-message")
        if not filename.lower().endswith(".eml"):
            filename = safe_filename(filename + ".eml")
    else:
        payload = part.get_payload()
        if isinstance(payload, list):  # message/delivery-status and friends: header blocks
            try:
                data = _body_of_serialized(_serialize(part))
            except Exception:
                data = b""
                st.defect(_("a report part could not be read"))
        else:
            data = _payload_bytes(part, st)
        fallback = _FALLBACK_NAMES.get(content_type, "attachment")
        filename = safe_filename(_filename(part), content_type=content_type, fallback=fallback)
    inline = (
        bool(content_id) and disposition != "attachment" and (related or disposition == "inline")
    )
    st.attach(filename, content_type, data, content_id=content_id, inline=inline)
    if content_type in {"message/delivery-status", "message/global-delivery-status"}:
        st.delivery_status.append(data)
    elif content_type in {*_MESSAGE_TYPES, "text/rfc822-headers", "message/rfc822-headers"}:
        st.returned_headers.append(data)
    elif content_type == "text/calendar" and st.calendar_summary is None:
        st.calendar_summary = _calendar_summary(data)


def _calendar_summary(data: bytes) -> str:
    text = decode_bytes(data, "utf-8")[0]
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    match = re.search(r"^SUMMARY[^:\n]*:(.*)$", unfolded, re.MULTILINE)
    if not match:
        return ""
    return _one_line(match.group(1).replace("\\,", ",").replace("\\;", ";").replace("\\n", " "))


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _walk(
    part: Message, st: _State, *, body_open: bool, related: bool = False, depth: int = 0
) -> None:
    st.python_defects(part)
    content_type = _content_type(part)
    maintype = content_type.split("/", 1)[0]
    if depth > MAX_DEPTH:
        st.defect(_("parts nested too deep were kept as one attachment"))
        _keep_as_attachment(part, st, content_type, related=related)
        return
    if maintype == "message":
        _keep_as_attachment(part, st, content_type, related=related)
        return
    payload = part.get_payload()
    if isinstance(payload, list):
        children = [child for child in payload if isinstance(child, Message)]
        children += _parts_after_close(part, st)
        subtype = content_type.split("/", 1)[1] if maintype == "multipart" else "mixed"
        _walk_multipart(part, subtype, children, st, body_open=body_open, depth=depth)
        return
    is_attachment = _disposition(part) == "attachment" or bool(_filename(part))
    if content_type in {"text/plain", "text/html"} and not is_attachment:
        text = _text_of(part, st)
        if body_open and content_type == "text/plain" and _blank(st.text):
            st.text = text
        elif body_open and content_type == "text/html" and _blank(st.html):
            st.html = text
        elif text.strip():
            _keep_as_attachment(part, st, content_type, related=related)
        return
    if maintype == "multipart":
        # A multipart whose boundary never came: its body is text the sender meant us to read.
        if not isinstance(payload, str) or not payload.strip():
            return
        if body_open and _blank(st.text) and _blank(st.html):
            st.text = _text_of(part, st)
            return
    _keep_as_attachment(part, st, content_type, related=related)


def _parts_after_close(part: Message, st: _State) -> list[Message]:
    """Parts a broken mail put after its closing boundary (a nested multipart that reused the
    outer boundary closes both): Python leaves them in the epilogue, where they would be lost."""
    epilogue = getattr(part, "epilogue", None)
    boundary = _params(part, "content-type").get("boundary", "")
    if not epilogue or not boundary or f"--{boundary}" not in epilogue:
        return []
    data = epilogue.encode("utf-8", "surrogateescape")
    delimiter = re.compile(
        rb"^--" + re.escape(boundary.encode("utf-8", "surrogateescape")) + rb"(--)?[ \t]*\r?$",
        re.MULTILINE,
    )
    pieces = delimiter.split(data)
    recovered: list[Message] = []
    # split() with one group yields: text, group, text, group, …; the texts are the parts.
    for piece in pieces[2::2]:
        if piece is None or not piece.strip():
            continue
        recovered.append(BytesParser(policy=_POLICY).parsebytes(piece.lstrip(b"\r\n")))
    if recovered:
        st.defect(_("parts after the closing boundary were recovered"))
    return recovered


def _walk_multipart(
    part: Message,
    subtype: str,
    children: list[Message],
    st: _State,
    *,
    body_open: bool,
    depth: int,
) -> None:
    if subtype == "alternative":
        for child in children:
            _walk(child, st, body_open=body_open, depth=depth + 1)
    elif subtype == "related":
        for index, child in enumerate(children):
            _walk(child, st, body_open=body_open and index == 0, related=index > 0, depth=depth + 1)
    elif subtype in {"signed", "encrypted"}:
        # The signed content is the mail; signatures and encrypted payloads are kept as files.
        for index, child in enumerate(children):
            open_here = body_open and index == 0 and subtype == "signed"
            _walk(child, st, body_open=open_here, depth=depth + 1)
    else:
        if subtype == "report" and not st.report_type:
            st.report_type = _params(part, "content-type").get("report-type", "").lower()
        for child in children:
            _walk(child, st, body_open=body_open and not st.body_done, depth=depth + 1)
            st.body_done = st.body_done or st.has_body()
    st.body_done = st.body_done or st.has_body()


# --- Automatic mail and bounces --------------------------------------------------------------

_DAEMON_LOCAL_PARTS = {"mailer-daemon", "postmaster", "mail-daemon", "maildaemon", "mailerdaemon"}
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery status notification|mail delivery failed|delivery failure|"
    r"returned mail|failure notice|delivery has failed|could not be delivered|"
    r"olevererat|olevererbar|det gick inte att leverera|kunde inte levereras|"
    r"unzustellbar|non remis|non recapitabile|onbestelbaar|delayed mail|"
    r"delivery delayed|warning: could not send",
    re.IGNORECASE,
)
_DELAY_WORDS = re.compile(r"delay|still being retried|will retry|fördröj|warning", re.IGNORECASE)
_ORIGINAL_MARKER = re.compile(
    r"^\s*(?:-+\s*)?(?:original message|the original message|below this line|"
    r"this is a copy of|a copy of the original|ursprungligt meddelande|"
    r"originalmeddelande|received:|return-path:|mime-version:|dkim-signature:)",
    re.IGNORECASE | re.MULTILINE,
)
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_SMTP_REPLY = re.compile(r"^\s*((?:[45]\d\d)[ -].+)$", re.MULTILINE)
_MESSAGE_ID_LINE = re.compile(r"^message-id:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def _local_part(address: str) -> str:
    return address.rsplit("@", 1)[0].lower() if "@" in address else address.lower()


def _dsn_fields(data: bytes) -> list[dict[str, str]]:
    """The header blocks of a message/delivery-status body, names lower-cased."""
    text = decode_bytes(data, "utf-8")[0].replace("\r\n", "\n")
    blocks: list[dict[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        last = ""
        for line in chunk.split("\n"):
            if line[:1] in {" ", "\t"} and last:
                fields[last] += " " + line.strip()
                continue
            name, colon, value = line.partition(":")
            if colon and name.strip():
                last = name.strip().lower()
                fields.setdefault(last, value.strip())
        if fields:
            blocks.append(fields)
    return blocks


def _after_type(value: str) -> str:
    """``rfc822; <a@b>`` → ``a@b``; ``smtp; 550 …`` → ``550 …``."""
    _kind, semicolon, rest = value.partition(";")
    return (rest if semicolon else value).strip().strip("<>").strip()


def _original_message_id(st: _State, text: str) -> str:
    for data in st.returned_headers:
        head = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
        try:
            returned = BytesParser(policy=_POLICY).parsebytes(head + b"\n\n", headersonly=True)
            found = _message_id(_first_header(returned, "message-id"))
        except Exception:
            found = ""
        if found:
            return found
    match = _MESSAGE_ID_LINE.search(text)
    return _message_id(match.group(1)) if match else ""


def _bounce(msg: Message, st: _State, sender: Address, subject: str, text: str) -> Bounce | None:
    failed_header = [a.email for a in _addresses(_raw_headers(msg, "x-failed-recipients"))]
    if st.delivery_status:
        recipients: list[str] = []
        action = status = diagnostic = ""
        for block in (b for data in st.delivery_status for b in _dsn_fields(data)):
            recipient = _after_type(
                block.get("final-recipient") or block.get("original-recipient", "")
            )
            if recipient and recipient not in recipients:
                recipients.append(recipient)
            if recipient and not action:
                action = block.get("action", "").lower().split(" ", 1)[0]
                status = block.get("status", "").split(" ", 1)[0]
                diagnostic = _one_line(_after_type(block.get("diagnostic-code", "")))
        for address in failed_header:
            if address not in recipients:
                recipients.append(address)
        return Bounce(
            original_message_id=_original_message_id(st, ""),
            recipients=tuple(recipients),
            action=action,
            status=status,
            diagnostic=diagnostic,
            permanent=action == "failed" or status.startswith("5"),
        )
    from_daemon = (
        _local_part(sender.email) in _DAEMON_LOCAL_PARTS or "mailer-daemon" in sender.name.lower()
    )
    reported = st.report_type == "delivery-status"
    if not (from_daemon and _BOUNCE_SUBJECT.search(subject)) and not failed_header and not reported:
        return None
    marker = _ORIGINAL_MARKER.search(text)
    notice = text[: marker.start()] if marker else text
    original = text[marker.start() :] if marker else ""
    own = {sender.email.lower(), *(a.email.lower() for a in _addresses(_raw_headers(msg, "to")))}
    recipients = list(failed_header)
    for address in _LOOSE_ADDRESS.findall(notice):
        address = address.strip(".")
        if address.lower() not in own and address not in recipients:
            recipients.append(address)
    status_match = _STATUS.search(notice)
    status = status_match.group(1) if status_match else ""
    reply = _SMTP_REPLY.search(notice)
    delayed = bool(_DELAY_WORDS.search(subject)) or status.startswith("4")
    return Bounce(
        original_message_id=_original_message_id(st, original),
        recipients=tuple(recipients),
        action="delayed" if delayed else "failed",
        status=status,
        diagnostic=_one_line(reply.group(1)) if reply else "",
        permanent=not delayed,
    )


def _automatic(msg: Message, sender: Address, st: _State, bounce: Bounce | None) -> str:
    auto_submitted = _one_line(_first_header(msg, "auto-submitted")).lower()
    if auto_submitted and auto_submitted.split(";", 1)[0].strip() != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for header in ("x-autoreply", "x-autorespond", "x-auto-reply", "x-autogenerated"):
        if _raw_headers(msg, header):
            return "X-Autoreply"
    suppress = _first_header(msg, "x-auto-response-suppress").lower()
    if any(word in suppress for word in ("all", "oof", "autoreply")):
        return "X-Auto-Response-Suppress"
    precedence = _one_line(_first_header(msg, "precedence")).lower()
    if precedence in {"bulk", "junk", "list", "auto_reply", "auto-reply"}:
        return f"Precedence: {precedence}"
    if _raw_headers(msg, "list-id"):
        return "List-Id"
    if _raw_headers(msg, "list-unsubscribe"):
        return "List-Unsubscribe"
    if _local_part(sender.email) in _DAEMON_LOCAL_PARTS:
        return "mailer-daemon sender"
    if bounce is not None:
        return "delivery status notification"
    if st.report_type:
        return f"multipart/report: {st.report_type}"
    return ""


# --- The whole mail ------------------------------------------------------------------------

_KEPT_HEADERS = (
    "message-id",
    "from",
    "to",
    "cc",
    "date",
    "subject",
    "x-mailer",
    "user-agent",
    "auto-submitted",
    "precedence",
    "list-id",
)
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_usable(raw: bytes) -> None:
    if not raw.strip():
        raise UnparseableMail(_("The message is empty."))
    if raw.startswith(_CFB_MAGIC):
        raise UnparseableMail(
            _("This is an Outlook .msg file, not a MIME mail; it has to be saved as .eml.")
        )


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) // 10


def parse(raw: bytes) -> ParsedMail:
    """Describe one raw mail. Raises only ``UnparseableMail``."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnparseableMail(_("The message is not bytes."))
    raw = bytes(raw)
    _check_usable(raw)
    try:
        return _parse(raw)
    except UnparseableMail:
        raise
    except Exception as exc:  # a bug here must not lose the mail: keep its text as it came
        try:
            return _fallback(raw, exc)
        except Exception:
            raise UnparseableMail(
                _("The message could not be read (%(error)s).") % {"error": type(exc).__name__}
            ) from exc


def _parse(raw: bytes) -> ParsedMail:
    msg = BytesParser(policy=_POLICY).parsebytes(raw)
    has_headers = bool(msg.keys())
    if not has_headers:
        body_bytes = msg.get_payload(decode=True)
        if not isinstance(body_bytes, bytes):
            body_bytes = b""
        if not body_bytes.strip() or _looks_binary(body_bytes):
            raise UnparseableMail(_("The data has no mail headers and no readable text."))
    st = _State()
    _walk(msg, st, body_open=True)
    text = st.text if st.text is not None else ""
    html = st.html if st.html is not None else ""
    if not text.strip() and html.strip():
        text = html_tools.to_text(html_tools.sanitize(html))
    if not text.strip() and not html.strip() and st.calendar_summary is not None:
        text = (
            _("Calendar invitation: %(summary)s") % {"summary": st.calendar_summary}
            if st.calendar_summary
            else _("Calendar invitation")
        )
    subject = _one_line(decode_header_text(_first_header(msg, "subject")))
    sender = _sender(msg)
    bounce = _bounce(msg, st, sender, subject, text)
    headers = {}
    for name in _KEPT_HEADERS:
        value = _first_header(msg, name)
        if value:
            headers[name] = _one_line(decode_header_text(value))[:MAX_HEADER_METADATA]
    references = [ref for value in _raw_headers(msg, "references") for ref in _message_ids(value)]
    precedence = _one_line(_first_header(msg, "precedence")).lower()
    return ParsedMail(
        message_id=_message_id(_first_header(msg, "message-id")),
        in_reply_to=tuple(ref for v in _raw_headers(msg, "in-reply-to") for ref in _message_ids(v)),
        references=tuple(references[-MAX_REFERENCES:]),
        subject=subject,
        sender=sender,
        reply_to=_addresses(_raw_headers(msg, "reply-to")),
        to=_addresses(_raw_headers(msg, "to")),
        cc=_addresses(_raw_headers(msg, "cc")),
        delivered_to=_delivered_to(msg),
        date=_date(_first_header(msg, "date")),
        text=text,
        html=html,
        attachments=tuple(st.attachments),
        auto_submitted=_automatic(msg, sender, st, bounce),
        is_list=bool(
            _raw_headers(msg, "list-id")
            or _raw_headers(msg, "list-unsubscribe")
            or precedence == "list"
        ),
        bounce=bounce,
        defects=tuple(st.defects),
        headers=headers,
        report_type=st.report_type,
    )


def _sender(msg: Message) -> Address:
    for header in ("from", "sender", "reply-to", "return-path"):
        for address in _addresses(_raw_headers(msg, header)):
            if address.email or address.name:
                return address
    return Address(name="", email="")


def _delivered_to(msg: Message) -> tuple[str, ...]:
    found: list[str] = []
    for header in ("delivered-to", "x-original-to", "envelope-to", "x-envelope-to"):
        for address in _addresses(_raw_headers(msg, header)):
            if address.email and address.email not in found:
                found.append(address.email)
    return tuple(found)


def _fallback(raw: bytes, exc: Exception) -> ParsedMail:
    """A mail the structured reading failed on: headers as far as they go, the rest as text."""
    head, _sep, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    msg = BytesParser(policy=_POLICY).parsebytes(head + b"\n\n", headersonly=True)
    text = decode_bytes(body, None)[0]
    return ParsedMail(
        message_id=_message_id(_first_header(msg, "message-id")),
        in_reply_to=(),
        references=(),
        subject=_one_line(decode_header_text(_first_header(msg, "subject"))),
        sender=_sender(msg),
        reply_to=(),
        to=_addresses(_raw_headers(msg, "to")),
        cc=_addresses(_raw_headers(msg, "cc")),
        delivered_to=_delivered_to(msg),
        date=_date(_first_header(msg, "date")),
        text=text,
        html="",
        attachments=(),
        auto_submitted="",
        is_list=False,
        bounce=None,
        defects=(
            _("the MIME structure could not be read (%(error)s); the body is kept as text")
            % {"error": type(exc).__name__},
        ),
        headers={},
    )
