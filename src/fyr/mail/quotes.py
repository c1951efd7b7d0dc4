"""Telling what a person wrote now from the quoted history and signature below it.

An email reply usually carries the whole conversation under it. The agent should see the new
part first; the rest is folded away, never thrown away. :func:`split_text` and
:func:`split_html` cut a mail in two: ``visible`` is always a prefix of the mail and ``folded``
the rest, so nothing can be lost and the caller never has to stitch pieces back together.

Both work line by line with small, anchored regular expressions over at most the first
``_SCAN`` characters of a line, and look ahead a handful of lines at most, so a huge or hostile
mail costs time in proportion to its size. When a rule is unsure it keeps text visible: a
customer whose words are hidden is worse off than an agent who scrolls past a quote.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Regexes look only at the start of a line: the markers all fit, and a 700 KB line of ">"
# characters then costs no more than a short one.
_SCAN = 400
# An attribution ("On … wrote:") may be wrapped by the sending client over a few lines.
_ATTRIBUTION_LINES = 5
_ATTRIBUTION_CHARS = 600
# A header block (From:/Sent:/To:/Subject:) has its fields within this many lines.
_HEADER_LINES = 8
# What may follow a signature delimiter before it stops looking like a signature.
_SIGNATURE_LINES = 15
_WEAK_DELIMITER_LINES = 6


@dataclass(frozen=True)
class Split:
    visible: str  # what the person wrote now (trailing whitespace trimmed)
    folded: str  # the rest: quoted history, signature (may be "")


# --- Line patterns -------------------------------------------------------------------------

# Words that open an attribution line in the languages our customers and their clients use.
_START = re.compile(
    r"(?:On|Den|Am|Le|Op|El|Il|Em|W dniu|På|Vào|Dne|Päivänä|Il giorno)\s",
)
# The attribution verb at the very end: "… wrote:", "… skrev:", "… a écrit :".
_VERB_END = re.compile(
    r"\b(?:wrote|skrev|skrev följande|schrieb|schreef|geschreven|écrit|escribió|escreveu|"
    r"scritto|napisał|napisała|написал|написала|написал\(а\)|viết|kirjoitti|sent)\s?:$",
)
# Verbs that come before the sender's name: "3 mars 2025 kl. 10:15 skrev Anna <a@x.se>:".
_VERB_BEFORE_NAME = re.compile(r"\b(?:skrev|schrieb|schreef|kirjoitti)\s")
# The same verbs without the colon, for Android's "---- Anna wrote ----".
_VERB_BARE_END = re.compile(r"\b(?:wrote|skrev|schrieb|schreef|geschreven|écrit)$")
# A place inside a line where an attribution may begin: "reply--- On Wed, … wrote:".
_START_INSIDE = re.compile(r"[\s-](?:On|Den)\s")

_FIELD = re.compile(
    r"\s*\*{0,2}(?P<name>From|Från|Von|De|Fra|Van|Od|От|Date|Datum|Dato|Sent|Skickat|"
    r"Gesendet|Envoyé|Sendt|Verzonden|Enviado|Отправлено|Дата|To|Till|An|À|Til|Aan|Para|"
    r"Кому|Subject|Ämne|Betreff|Objet|Emne|Onderwerp|Asunto|Тема|Cc|Kopia|Kopie)\s?\*{0,2}:",
)
_FIELD_KIND = {
    **dict.fromkeys(("From", "Från", "Von", "De", "Fra", "Van", "Od", "От"), "from"),
    **dict.fromkeys(
        ("Date", "Datum", "Dato", "Sent", "Skickat", "Gesendet", "Envoyé", "Sendt"), "date"
    ),
    **dict.fromkeys(("Verzonden", "Enviado", "Отправлено", "Дата"), "date"),
    **dict.fromkeys(("To", "Till", "An", "À", "Til", "Aan", "Para", "Кому"), "to"),
    **dict.fromkeys(
        ("Subject", "Ämne", "Betreff", "Objet", "Emne", "Onderwerp", "Asunto", "Тема"), "subject"
    ),
    **dict.fromkeys(("Cc", "Kopia", "Kopie"), "cc"),
}

_ORIGINAL = re.compile(
    r"\s*-{2,}\s?(?:Original Message|Originalmeddelande|Ursprungligt meddelande|"
    r"Oprindelig meddelelse|Opprinnelig melding|Ursprüngliche Nachricht|Message d'origine|"
    r"Mensaje original|Alkuperäinen viesti)\s?-{2,}\s*$",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"\s*(?:-{2,}\s?(?:Forwarded message|Vidarebefordrat meddelande|"
    r"Vidarebefordrat e-postmeddelande|Videresendt meddelelse|Videresendt melding|"
    r"Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s?-{2,}|"
    r"(?:Begin forwarded message|Början på vidarebefordrat meddelande|"
    r"Anfang der weitergeleiteten Nachricht|Début du message réexpédié)\s?:)\s*$",
    re.IGNORECASE,
)
# "Sent from my iPhone" and its kin, once links are taken out; a comma or a second sentence
# means a person wrote it ("Sent from my desk, is much easier…").
_MOBILE = re.compile(
    r"(?:Sent from|Sent with|Sent via|Sent using|Skickat från|Skickad från|Skickades från|"
    r"Skickat med|Get Outlook for|Hämta Outlook för|Enviado desde|Enviado do|Envoyé de mon|"
    r"Von meinem|Sendt fra|Verzonden met|Verstuurd vanaf|Lähetetty)\b[^,;:!?]{0,60}[!.]?$",
)
_LINKS = re.compile(r"<[^<>]{0,300}>|\([^()]{0,300}\)")
# "-Anna", "- Anna Andersson", "-Lev.": a name signed with a dash.
_DASH_NAME = re.compile(r"-{1,2} ?[^\W\d_][\w.'’]*(?: [^\W\d_][\w.'’]*){0,2}$")
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d{1,3}[.)])\s")
_DELIMITER = re.compile(r"--\s*$")
_WEAK_DELIMITER = re.compile(r"---\s*$")
# An underscore rule starts a footer only when an address or link follows (a mailing list's),
# not before a meeting block or a heading.
_RULE = re.compile(r"_{5,}\s*$")
_SEPARATOR = re.compile(r"\s*(?:_{5,}|-{3,}|={5,}|\*{5,})\s*$")


# --- Lines ---------------------------------------------------------------------------------


def _heads(lines: Sequence[str]) -> list[str]:
    """The part of each line the rules look at: its start, without the CR of a CRLF."""
    return [line[:_SCAN].rstrip("\r") for line in lines]


def _blank(head: str) -> bool:
    return not head.strip()


def _quoted(head: str) -> bool:
    return head.lstrip().startswith(">")


def _debris(head: str) -> bool:
    """A line that only continues a broken link or address inside a quote, such as
    ``(http://example.com/c/x) >`` or ``_nonce=3dd518)``; it does not end the quote."""
    s = head.strip()
    if _SEPARATOR.match(s) or _DELIMITER.match(s):
        return False
    if " " not in s and any(c in s for c in "=/:()<>@_"):
        return True
    return not _LINKS.sub("", s).strip(" ><()[]")


@functools.lru_cache(maxsize=4096)
def _field_kind(head: str) -> str | None:
    # Cached: a header block is looked at from each of its lines in turn.
    m = _FIELD.match(head)
    return _FIELD_KIND[m["name"]] if m else None


def _header_block(heads: Sequence[str], i: int) -> bool:
    """Whether line ``i`` opens a "From:/Sent:/To:/Subject:" block. It needs two different
    fields, one of them the sender or the date, so a lone "To: the team" stays text."""
    first = _field_kind(heads[i])
    if first not in ("from", "date"):
        return False
    kinds = {first}
    for head in heads[i + 1 : i + _HEADER_LINES]:
        if _quoted(head):
            break
        kind = _field_kind(head)
        if kind:
            kinds.add(kind)
            if len(kinds) >= 2:
                return True
    return False


def _name_like(rest: str) -> bool:
    """What follows "skrev" in an attribution: an address, or a few capitalised words."""
    if "@" in rest:
        return True
    words = rest.split()
    return 0 < len(words) <= 4 and all(not w[0].isalpha() or w[0].isupper() for w in words)


def _is_attribution(window: str, strong: bool, lines: int) -> bool:
    """Whether ``window`` (one or a few joined lines) reads as "On <date>, <who> wrote:"."""
    w = window.strip()
    if w.endswith(":"):
        has_digit = any(c.isdigit() for c in w)
        verb = _VERB_END.search(w)
        if verb:
            if verb.group().startswith("sent"):
                # "sent" is an ordinary word; only "On …, <who> sent:" is an attribution.
                return w.startswith("On ") and has_digit
            return (strong and has_digit) or ("@" in w and lines <= 3)
        if strong and has_digit:
            for m in _VERB_BEFORE_NAME.finditer(w):
                if _name_like(w[m.end() : -1]):
                    return True
    return False


def _attribution_end(heads: Sequence[str], i: int) -> int | None:
    """The last line of an attribution starting at line ``i``, or None."""
    first = heads[i].strip()
    if not first or first.startswith(">"):
        return None
    core = first.lstrip("- ")
    dashed = len(first) - len(core) >= 2
    if dashed and first.endswith("--"):
        # Android and some webmails: "---- Anna wrote ----".
        inner = core.rstrip("- ")
        if _VERB_BARE_END.search(inner) or _VERB_END.search(inner):
            return i
    strong = bool(_START.match(core)) or core[:1].isdigit()
    if not (strong or dashed or "@" in core or "<" in core):
        return None
    parts: list[str] = []
    for j in range(i, min(i + _ATTRIBUTION_LINES, len(heads))):
        part = heads[j].strip()
        if j > i and part.startswith(">") and not part.startswith(("> wrote", ">:")):
            # A quote begins; a wrapped attribution never runs into it (except for the
            # ">:" or "> wrote:" left over when a client wraps "<address>:").
            break
        parts.append(core if j == i else part)
        if not part.endswith((":", ">")):
            continue  # every attribution ends in one of these
        window = " ".join(p for p in parts if p)
        if len(window) > _ATTRIBUTION_CHARS:
            break
        if _is_attribution(window, strong, j - i + 1):
            return j
        if _loose_attribution(window, j - i + 1) and _next_quoted(heads, j + 1):
            return j
    return None


def _loose_attribution(window: str, lines: int) -> bool:
    """Clients that write only a date and an address before the quote: "2011/4/7 Anna
    <a@x.se>", "26.06.2014, 14:41, "Anna" <a@x.se>:". Trusted only when a quote follows."""
    w = window.strip()
    return (
        lines <= 3
        and (w.endswith(":") or w.endswith(">"))
        and "@" in w
        and any(c.isdigit() for c in w[:40])
    )


def _next_quoted(heads: Sequence[str], j: int) -> bool:
    for head in heads[j : j + _ATTRIBUTION_LINES]:
        if not _blank(head):
            return _quoted(head)
    return False


def _attribution_inside(heads: Sequence[str], i: int) -> int | None:
    """The column where an attribution begins in the middle of line ``i`` ("reply On …
    wrote:"), trusted only when a quote follows; None otherwise."""
    head = heads[i].rstrip()
    if not head.endswith(":") or not _VERB_END.search(head) or not _next_quoted(heads, i + 1):
        return None
    for tries, m in enumerate(_START_INSIDE.finditer(head)):
        if tries >= 3:
            break
        start = m.start() + 1
        if _is_attribution(head[start:], True, 1):
            col = start
            while col > 0 and head[col - 1] in " -":
                col -= 1
            return col
    return None


def _mobile(head: str) -> bool:
    return bool(_MOBILE.match(_LINKS.sub("", head.strip()).strip()))


def _tail_start(heads: Sequence[str], i: int) -> bool:
    """Whether line ``i``, found after a quote, begins something that is not new text: a
    signature, a footer or more history."""
    head = heads[i]
    return bool(
        _DELIMITER.match(head)
        or _WEAK_DELIMITER.match(head)
        or _RULE.match(head)
        or _SEPARATOR.match(head)
        or _mobile(head)
        or _ORIGINAL.match(head)
        or _FORWARD.match(head)
        or _header_block(heads, i)
        or _attribution_end(heads, i) is not None
    )


# --- Choosing the cut ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Cut:
    line: int
    col: int = 0


# Returned when the mail must stay whole (a forward with nothing written above it).
_WHOLE = _Cut(-1)


def _has_text(heads: Sequence[str], end: int) -> bool:
    return any(not _blank(h) for h in heads[:end])


def _quote_end(heads: Sequence[str], k: int) -> int:
    """The first line after the quote starting at ``k`` that is neither quoted, blank, nor
    a broken link continuing the quote."""
    n = len(heads)
    while k < n and (_blank(heads[k]) or _quoted(heads[k]) or _debris(heads[k])):
        k += 1
    return k


def _history_cut(heads: Sequence[str]) -> _Cut | None:
    """Where the quoted history begins. Inline answers between quotes keep the quotes
    visible: the cut moves below the last answer."""
    n = len(heads)
    i = 0
    while i < n:
        head = heads[i]
        if _blank(head):
            i += 1
            continue
        if _quoted(head):
            after = _quote_end(heads, i)
            if after >= n or _tail_start(heads, after):
                return _Cut(i)
            i = after  # someone answered below the quote: keep looking further down
            continue
        if _FORWARD.match(head):
            return _Cut(i) if _has_text(heads, i) else _WHOLE
        if _ORIGINAL.match(head) or _header_block(heads, i):
            return _Cut(i)
        col = _attribution_inside(heads, i)
        if col:
            return _Cut(i, col)
        end = _attribution_end(heads, i)
        if end is not None:
            nxt = end + 1
            while nxt < n and _blank(heads[nxt]):
                nxt += 1
            if nxt >= n or not _quoted(heads[nxt]):
                return _Cut(i)  # unquoted history (Outlook-style, iPhone forwards)
            after = _quote_end(heads, nxt)
            if after >= n or _tail_start(heads, after):
                return _Cut(i)
            i = after
            continue
        i += 1
    return None


def _signature_cut(heads: Sequence[str], end: int) -> int | None:
    """The first line of a signature in ``heads[:end]``: a "-- " delimiter with a short tail,
    or a mobile signature or dashed name at the very end."""
    best: int | None = None
    # Walk up from the end counting text lines, so each delimiter knows its tail at once.
    after = 0
    linked = False  # whether the lines below hold an address or a link
    for i in range(end - 1, 0, -1):
        head = heads[i]
        if after > _SIGNATURE_LINES:
            break
        short = after <= _WEAK_DELIMITER_LINES
        if (
            _DELIMITER.match(head)
            or (short and _WEAK_DELIMITER.match(head))
            or (short and linked and _RULE.match(head))
        ):
            best = i  # keep going: the topmost delimiter with a short tail wins
        if not _blank(head):
            after += 1
            linked = linked or "@" in head or "://" in head
    stop = best if best is not None else end
    found: int | None = None
    seen = 0
    i = stop - 1
    while i > 0 and seen < 4:
        head = heads[i]
        if _blank(head) or _SEPARATOR.match(head):
            i -= 1
            continue
        if _mobile(head) or (_DASH_NAME.match(head) and not _in_list(heads, i)):
            found = i
            seen += 1
            i -= 1
            continue
        break
    return found if found is not None else best


def _in_list(heads: Sequence[str], i: int) -> bool:
    """Whether the dashed line ``i`` is an item of a list rather than a signed name."""
    for j in range(i - 1, -1, -1):
        if not _blank(heads[j]):
            return bool(_LIST_ITEM.match(heads[j]))
    return True  # the first line of a mail is never a signature


def _walk_up(heads: Sequence[str], line: int) -> int:
    """Move a cut above the blank and separator lines ("_____", "-----") that belong to it."""
    while line > 0 and (_blank(heads[line - 1]) or _SEPARATOR.match(heads[line - 1])):
        line -= 1
    return line


def _choose(heads: Sequence[str]) -> _Cut | None:
    """Where the folded part starts, _WHOLE to keep everything, None when nothing folds."""
    cut = _history_cut(heads)
    if cut is _WHOLE:
        return cut
    signature = _signature_cut(heads, len(heads) if cut is None else cut.line)
    if signature is not None:
        return _Cut(_walk_up(heads, signature))
    if cut is None or cut.col:
        return cut
    return _Cut(_walk_up(heads, cut.line))


# --- Plain text ----------------------------------------------------------------------------


def _trim_folded(rest: str) -> str:
    """The folded part without the blank lines around it."""
    rest = rest.rstrip()
    start = 0
    while True:
        nl = rest.find("\n", start)
        if nl < 0 or rest[start:nl].strip():
            return rest[start:]
        start = nl + 1


def split_text(text: str) -> Split:
    """Split a plain-text mail body into what is new and what is quoted or signed."""
    lines = text.split("\n")
    heads = _heads(lines)
    cut = _choose(heads)
    if cut is None or cut is _WHOLE:
        return Split(text.rstrip(), "")
    offset = sum(len(line) + 1 for line in lines[: cut.line]) + cut.col
    visible = text[:offset].rstrip()
    if not visible:
        return Split(text.rstrip(), "")
    return Split(visible, _trim_folded(text[offset:]))


# --- HTML ----------------------------------------------------------------------------------

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_CELL = frozenset(("td", "th"))
_SKIP = frozenset(("script", "style", "title", "template"))
_SPACE = re.compile(r"\s+")

# Markers that clients put around quoted history. "quote" markers may hold inline answers;
# "history" ones are followed by unquoted history; "check" ones count only when a
# From:/Date: line comes next; "signature" ones start a signature; "forward" ones a forward.
_CLASS_MARKERS = {
    "gmail_quote": "quote",
    "gmail_quote_container": "quote",
    "gmail_attr": "quote",
    "moz-cite-prefix": "quote",
    "moz-forward-container": "forward",
    "yahoo_quoted": "history",
    "OutlookMessageHeader": "history",
    "gmail_signature": "signature",
    "gmail_signature_prefix": "signature",
    "moz-signature": "signature",
}
_ID_MARKERS = {
    "divRplyFwdMsg": "history",
    "appendonsend": "history",
    "OLK_SRC_BODY_SECTION": "history",
    "Signature": "signature",
}


@dataclass(frozen=True)
class _Marker:
    kind: str
    start: int  # source offset of the marker's start tag
    line: int  # the first text line inside it


@dataclass
class _Line:
    text: list[str] = field(default_factory=list)
    width: int = 0  # characters in ``text``, kept so long lines stay linear
    src: int | None = None
    chunks: list[tuple[int, int]] = field(default_factory=list)  # (column, source offset)


class _Scanner(HTMLParser):
    """Reads HTML once into text lines (quoted lines prefixed with ">"), remembering where in
    the source each line and each piece of text starts, and where client markers are.

    A line starts at the first block tag opened after the previous line ended, so cutting
    there moves the whole element holding the line (an attribution ``<div>``, a quote) into
    the folded part; after a ``<br>`` it starts at the text itself."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        pos = html.find("\n")
        while pos >= 0:
            self._line_starts.append(pos + 1)
            pos = html.find("\n", pos + 1)
        self._length = len(html)
        self.lines: list[str] = []
        self.srcs: list[int] = []
        self.chunks: list[list[tuple[int, int]]] = []
        self.markers: list[_Marker] = []
        self._cur = _Line()
        self._pending: int | None = None
        self._depth = 0
        self._skip = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _newline(self, offset: int) -> None:
        cur = self._cur
        self.lines.append("".join(cur.text).rstrip())
        self.srcs.append(cur.src if cur.src is not None else offset)
        self.chunks.append(cur.chunks)
        self._cur = _Line()
        self._pending = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        offset = self._offset()
        kind = _marker_kind(tag, dict(attrs))
        if tag == "br":
            self._newline(offset)
        elif tag in _BLOCK or kind is not None:
            if self._cur.text:
                self._newline(offset)
            if self._pending is None:
                self._pending = offset
            if kind is not None:
                self.markers.append(_Marker(kind, offset, len(self.lines)))
        elif tag in _CELL and self._cur.text:
            self._cur.text.append(" ")
            self._cur.width += 1
        if tag == "blockquote":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK and self._cur.text:
            self._newline(self._offset())
        if tag == "blockquote":
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        cur = self._cur
        if not data.strip():
            if cur.text and not cur.text[-1].endswith(" "):
                cur.text.append(" ")
                cur.width += 1
            return
        offset = self._offset()
        if not cur.text:
            cur.src = self._pending if self._pending is not None else offset
            if self._depth:
                cur.text.append(">" * self._depth + " ")
                cur.width += self._depth + 1
            data = data.lstrip()
        cur.chunks.append((cur.width, offset))
        data = _SPACE.sub(" ", data)
        cur.text.append(data)
        cur.width += len(data)

    def close(self) -> None:
        super().close()
        if self._cur.text:
            self._newline(self._length)


def _defuse(html: str) -> str:
    """``html`` with every "<" that cannot open a tag (another "<" comes before its ">")
    replaced by a look-alike, keeping all offsets. Python's HTMLParser rescans the rest of
    the input at each such "<", so "<a<a<a…" would take hours; real tags never look so."""
    parts: list[str] = []
    done = 0
    gt = -1
    lt = html.find("<")
    while lt >= 0:
        nxt = html.find("<", lt + 1)
        if gt != -2 and gt < lt:
            gt = html.find(">", lt)
            if gt < 0:
                gt = -2  # no ">" anywhere below: every remaining "<" is bad
        if gt == -2 or (nxt >= 0 and nxt < gt):
            parts.append(html[done:lt])
            parts.append("‹")
            done = lt + 1
        lt = nxt
    if not parts:
        return html
    parts.append(html[done:])
    return "".join(parts)


def _marker_kind(tag: str, attrs: dict[str, str | None]) -> str | None:
    for name in (attrs.get("class") or "").split():
        if name in _CLASS_MARKERS:
            return _CLASS_MARKERS[name]
    kind = _ID_MARKERS.get(attrs.get("id") or "")
    if kind:
        return kind
    if tag == "blockquote" and (attrs.get("type") or "").lower() == "cite":
        return "quote"
    if tag == "hr":
        return "check"
    if tag == "div":
        # Outlook's header box: a div with only a top border, holding "From:"/"Från:".
        style = _SPACE.sub("", (attrs.get("style") or "")[:_SCAN]).lower()
        if "border-top:solid" in style or "border-top-style:solid" in style:
            return "check"
    return None


def _unquote(line: str) -> str:
    return line.lstrip("> ")


def _first_text(lines: Sequence[str], start: int, limit: int = 4) -> str | None:
    for line in lines[start : start + limit]:
        if line.strip():
            return line
    return None


def _is_forward(marker: _Marker, lines: Sequence[str]) -> bool:
    if marker.kind == "forward":
        return True
    first = _first_text(lines, marker.line)
    return first is not None and bool(_FORWARD.match(_unquote(first)))


def _answered_inline(heads: Sequence[str], line: int) -> bool:
    """Whether someone wrote below the quote starting at ``line`` (Gmail keeps such answers
    inside its quote container, so the rest of the mail is looked at, not the container)."""
    n = len(heads)
    i = line
    seen = 0
    # Step over the attribution that precedes the first quoted line (Thunderbird, Gmail).
    while i < n and not _quoted(heads[i]) and seen < 4:
        seen += not _blank(heads[i])
        i += 1
    i = _quote_end(heads, i)
    return i < n and not _tail_start(heads, i)


def _marker_holds(marker: _Marker, heads: Sequence[str]) -> bool:
    """Whether a marker really starts the history, given the text that follows it."""
    if marker.kind == "check":
        first = _first_text(heads, marker.line)
        return first is not None and _field_kind(_unquote(first)) in ("from", "date")
    if marker.kind == "quote":
        return not _answered_inline(heads, marker.line)
    return True


def _html_cut(scan: _Scanner) -> int | None:
    """The source offset where the folded part starts, or None to keep the whole mail."""
    heads = _heads(scan.lines)
    for marker in scan.markers:
        if _is_forward(marker, heads):
            return marker.start if _has_text(heads, marker.line) else None
        if not _marker_holds(marker, heads):
            continue
        if not _has_text(heads, marker.line):
            return None  # only a quote: keep the whole mail visible
        signature = _signature_cut(heads, marker.line)
        if signature is not None:
            return scan.srcs[_walk_up(heads, signature)]
        return marker.start
    cut = _choose(heads)
    if cut is None or cut is _WHOLE:
        return None
    if not cut.col:
        return scan.srcs[cut.line]
    # A cut inside a line: at the piece of text that starts there, or a later one, so an
    # unsure cut shows more rather than less.
    for column, offset in scan.chunks[cut.line]:
        if column >= cut.col:
            return offset
    return scan.srcs[cut.line + 1] if cut.line + 1 < len(scan.lines) else None


def split_html(html: str) -> Split:
    """``html`` is the raw (unsanitised) HTML body of a mail; returns two HTML fragments
    (the caller sanitises each with nh3, which also closes unclosed tags).

    Client markers are recognised first: Gmail ``div.gmail_quote``/``gmail_attr``, Apple Mail
    ``blockquote type="cite"``, Thunderbird ``div.moz-cite-prefix``, Outlook
    ``div#divRplyFwdMsg``/``div#appendonsend``/a ``border-top:solid`` div or ``<hr>``
    followed by a From:/Från: block, Yahoo ``yahoo_quoted``. Without one, the cut is where
    :func:`split_text` would cut the text of the mail, at the element holding that line.
    ``visible`` is never empty when the mail has text: a mail that is only a forward or only
    a quote stays whole."""
    scan = _Scanner(html)
    scan.feed(_defuse(html))
    scan.close()
    offset = _html_cut(scan)
    if offset is None or not any(
        line.strip() for line, src in zip(scan.lines, scan.srcs, strict=True) if src < offset
    ):
        return Split(html.rstrip(), "")
    return Split(html[:offset].rstrip(), html[offset:].strip())
