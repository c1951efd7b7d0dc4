"""The search box's language, parsed into a ``Query`` the backends compile.

    faktura leverans          both words (AND)
    "exakt fras"              the words next to each other, in that order
    -exkludera  -"en fras"    nothing that contains it
    faktura OR kvitto         either (OR binds tighter than AND: ``a OR b c`` is (a or b) and c)
    status:open assignee:me   filters (tickets only), see ``FILTERS``
    created>2026-01-01        date filters: created> created>= created< created<=
    1234  #1234               a bare number alone finds that ticket

Unknown filters and bad values raise ``QueryError`` with a message for the person searching.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fyr.search import text

#: Filters a ticket search takes (``name:value``); values are checked in ``services``.
FILTERS = (
    "status",
    "assignee",
    "team",
    "tag",
    "priority",
    "channel",
    "requester",
    "number",
    "type",
)
#: Date comparisons (``created>2026-01-01``).
DATE_FILTERS = ("created", "updated")

_TOKEN = re.compile(
    r"""
    (?P<neg>-)?
    (?:
        "(?P<phrase>[^"]*)"?
      | (?P<date>[A-Za-z_]+)(?P<op>>=|<=|>|<)(?P<dvalue>\S*)
      | (?P<name>[A-Za-z_]+):(?:"(?P<qvalue>[^"]*)"?|(?P<value>\S*))
      | (?P<word>\S+)
    )
    """,
    re.VERBOSE,
)


class QueryError(ValidationError):
    """A query that cannot be run; the message is shown to the person who typed it (the API
    answers 422 with it, as for any ``ValidationError``)."""

    def __str__(self) -> str:
        return " ".join(self.messages)


@dataclass(frozen=True)
class Term:
    """Words to match: one word (a prefix search on its stems) or a phrase (several words,
    adjacent, in order)."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass
class Query:
    #: AND of clauses; each clause an OR of terms.
    clauses: list[list[Term]] = field(default_factory=list)
    #: Nothing matching any of these.
    excluded: list[Term] = field(default_factory=list)
    #: name -> values (``status:open status:pending`` gives both; ``status:open,pending`` too).
    filters: dict[str, list[str]] = field(default_factory=dict)
    #: (field, operator, date)
    dates: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    #: A bare ticket number typed alone (``1234`` or ``#1234``).
    number: int | None = None

    @property
    def has_text(self) -> bool:
        return bool(self.clauses)

    @property
    def is_empty(self) -> bool:
        return not (self.clauses or self.excluded or self.filters or self.dates or self.number)

    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]

    def prefixes(self) -> list[str]:
        """Stems of every positive word, for highlighting."""
        return sorted({s for term in self.terms() for word in term.words for s in text.stems(word)})


def parse(raw: str) -> Query:
    """Parse the search box's text. Raises ``QueryError``."""
    raw = (raw or "").replace("\x00", " ").strip()
    if len(raw) > 500:
        raise QueryError(_("The search is too long (at most 500 characters)."))
    query = Query()
    pending_or = False
    for match in _TOKEN.finditer(raw):
        negative = bool(match.group("neg"))
        if match.group("name") is not None:
            _add_filter(query, match, negative)
            pending_or = False
            continue
        if match.group("date") is not None:
            _add_date(query, match, negative)
            pending_or = False
            continue
        if match.group("phrase") is not None:
            found = text.words(match.group("phrase"))
            term = Term(tuple(found), phrase=len(found) > 1) if found else None
        else:
            word = match.group("word")
            if word == "OR" and not negative:
                if not query.clauses:
                    raise QueryError(_("OR needs a word on each side."))
                pending_or = True
                continue
            found = text.words(word)
            if not found:
                continue
            term = Term(tuple(found), phrase=len(found) > 1)
        if term is None:
            continue
        if negative:
            query.excluded.append(term)
        elif pending_or:
            query.clauses[-1].append(term)
        else:
            query.clauses.append([term])
        pending_or = False
    if pending_or:
        raise QueryError(_("OR needs a word on each side."))
    bare = re.fullmatch(r"#?(\d{1,15})", raw)
    if bare:
        if raw.startswith("#"):
            query.clauses = []
            query.filters["number"] = [bare.group(1)]
        else:
            query.number = int(bare.group(1))
    return query


def _add_filter(query: Query, match: re.Match[str], negative: bool) -> None:
    name = match.group("name").lower()
    value = match.group("qvalue") if match.group("qvalue") is not None else match.group("value")
    if name not in FILTERS:
        raise QueryError(
            _("Unknown filter “%(name)s:”. Filters: %(known)s.")
            % {"name": name, "known": ", ".join(f"{f}:" for f in FILTERS)}
        )
    if negative:
        raise QueryError(_("A filter cannot be excluded with “-”."))
    values = [v.strip() for v in (value or "").split(",") if v.strip()]
    if not values:
        raise QueryError(_("The filter “%(name)s:” needs a value.") % {"name": name})
    query.filters.setdefault(name, []).extend(values)


def _add_date(query: Query, match: re.Match[str], negative: bool) -> None:
    name = match.group("date").lower()
    if name not in DATE_FILTERS:
        raise QueryError(
            _("Unknown filter “%(name)s”. Dates: created>, created<, updated>, updated<.")
            % {"name": name}
        )
    if negative:
        raise QueryError(_("A filter cannot be excluded with “-”."))
    try:
        day = datetime.date.fromisoformat(match.group("dvalue"))
    except ValueError:
        raise QueryError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD.")
            % {"value": match.group("dvalue")}
        ) from None
    query.dates.append((name, match.group("op"), day))
