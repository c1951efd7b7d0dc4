"""Search: tickets, contacts and articles, as the person searching may see them.

``search`` parses the query (``fyr.search.query``), matches it in the index (``backends``),
keeps to what the user may see (tickets through ``visible_tickets``; articles by status and
visibility), ranks (BM25 / ``ts_rank_cd``, subject and title above bodies, newer first on a tie)
and builds highlighted snippets from the original text of the page's rows only. A word that
finds nothing is replaced by the nearest indexed word ("fakutra" → "faktura") and the page says
so (``SearchPage.corrected``).
"""

from __future__ import annotations

import base64
import datetime
import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from fyr.search import backends
from fyr.search import text as tx
from fyr.search.query import Query, QueryError, Term, parse

SCOPES = ("tickets", "contacts", "articles")
#: The most recent matching messages ranked per ticket search: bounds the cost of a very
#: common word (ranking half a million messages would take seconds).
MESSAGE_CAP = 2_000
MAX_LIMIT = 100

__all__ = ["ArticleHit", "Hit", "QueryError", "SearchPage", "search", "suggest_articles"]


@dataclass(frozen=True)
class ArticleHit:
    id: int
    title: str
    language: str
    section_id: int
    #: safe HTML: an excerpt with the matched words in <mark>
    snippet: str
    score: float


@dataclass(frozen=True)
class Hit:
    """One search result of any scope: ``kind`` is "ticket", "contact" or "article"; ``id`` the
    row's primary key (for tickets also ``extra["number"]``); ``snippet`` safe HTML with <mark>."""

    kind: str
    id: int
    title: str
    snippet: str
    score: float
    extra: dict


@dataclass(frozen=True)
class SearchPage:
    items: list[Hit]
    next_cursor: str | None
    #: Words replaced because nothing was found for them: typed word -> word searched.
    corrected: dict[str, str] = field(default_factory=dict)


def search(
    q: str,
    *,
    scope: str,
    user: Any = None,
    language: str | None = None,
    cursor: str | None = None,
    limit: int = 20,
) -> SearchPage:
    """Search ``scope`` ("tickets", "contacts" or "articles") for ``q`` (with filters such as
    ``status:open tag:faktura "exakt fras" -ord``) as ``user`` sees it; ``user=None`` is a
    customer, who may search published public articles only. Raises ``QueryError`` for a query
    that cannot be run (unknown filter, bad value, bad cursor)."""
    if scope not in SCOPES:
        raise QueryError(_("Unknown scope “%(scope)s”.") % {"scope": scope})
    query = parse(q)
    limit = max(1, min(int(limit), MAX_LIMIT))
    after = _decode(cursor)
    if query.filters or query.dates:
        if scope != "tickets":
            raise QueryError(_("Filters such as status: apply to ticket searches only."))
    if scope != "articles" and (user is None or not user.is_active):
        return SearchPage([], None)
    if not query.has_text and not (scope == "tickets" and (query.filters or query.dates)):
        if query.excluded:
            raise QueryError(_("Add a word to search for, not only words to leave out."))
        return SearchPage([], None)
    _drop_stopwords(query)
    run = {"tickets": _tickets, "contacts": _contacts, "articles": _articles}[scope]
    page = run(query, user, language, after, limit)
    if page.items or after is not None or not query.has_text:
        return page
    corrected = _correct(query, scope)
    if not corrected:
        return page
    page = run(query, user, language, after, limit)
    return SearchPage(page.items, page.next_cursor, corrected)


def suggest_articles(
    text: str, *, language: str | None = None, public_only: bool = True, limit: int = 5
) -> list[ArticleHit]:
    """Articles that may answer ``text`` (a subject being typed, a ticket's first message),
    best first: any of its significant words (OR), ranked. ``public_only`` keeps to published
    public articles (customers); otherwise internal ones too (never drafts or archived)."""
    significant = [
        w
        for w in dict.fromkeys(tx.words(text))
        if len(w) > 2 and not any(w in stop for stop in tx.STOPWORDS.values())
    ][:12]
    if not significant:
        return []
    query = Query(clauses=[[Term((w,)) for w in significant]])
    articles = _article_rows(public_only=public_only, agent=False, language=language)
    ranked = _ranked(
        [_Source("article", backends.match("article", query.clauses))],
        articles.values("id"),
        query,
        None,
        max(1, min(limit, 20)),
    )
    by_id = articles.in_bulk([row[0] for row in ranked])
    prefixes = query.prefixes()
    return [
        ArticleHit(
            a.id, a.title, a.language, a.section_id, _article_snippet(a, prefixes), float(score)
        )
        for article_id, score in ranked
        if (a := by_id.get(article_id)) is not None
    ][:limit]


# --- scopes -------------------------------------------------------------------------------------


def _tickets(
    query: Query, user: Any, language: str | None, after: tuple[float, int] | None, limit: int
) -> SearchPage:
    from fyr.tickets.models import Message, Ticket
    from fyr.tickets.queries import visible_tickets

    allowed = visible_tickets(user).filter(merged_into__isnull=True)
    allowed = allowed.filter(_ticket_filters(query, user))
    message_table = connection.ops.quote_name(Message._meta.db_table)
    ticket_table = connection.ops.quote_name(Ticket._meta.db_table)
    if query.has_text:
        capped = backends.match("message", query.clauses, cap=MESSAGE_CAP)
        sources = [
            _Source("ticket", backends.match("ticket", query.clauses)),
            _Source(
                "message",
                capped,
                # one message, one ticket: a lookup by primary key per match (a join lets
                # PostgreSQL hash the whole message table)
                f"(SELECT m.ticket_id FROM {message_table} m WHERE m.id = h.id)",
                back=f"FROM {message_table} m JOIN search_message h ON h.id = m.id "
                "WHERE m.ticket_id = g.rid",
            ),
            _Source(
                "contact",
                backends.match("contact", query.clauses),
                "tk.id",
                f"JOIN {ticket_table} tk ON tk.requester_id = h.id",
                back=f"FROM {ticket_table} tk JOIN search_contact h ON h.id = tk.requester_id "
                "WHERE tk.id = g.rid",
            ),
        ]
        ranked = _ranked(sources, allowed.values("id"), query, after, limit + 1)
    else:
        rows = allowed.order_by("-id")
        if after is not None:
            rows = rows.filter(id__lt=after[1])
        ranked = [(pk, 0.0) for pk in rows.values_list("id", flat=True)[: limit + 1]]
    more = len(ranked) > limit
    ranked = ranked[:limit]
    if query.number is not None and after is None:
        exact = allowed.filter(number=query.number).values_list("id", flat=True).first()
        if exact is not None:
            others = [r for r in ranked if r[0] != exact][: limit - 1]
            ranked = [(exact, float("inf")), *others]
    tickets = (
        Ticket.objects.select_related("requester", "assignee", "team")
        .filter(pk__in=[pk for pk, _score in ranked])
        .in_bulk()
    )
    snippets = _message_snippets(list(tickets), query.prefixes())
    items = []
    for pk, score in ranked:
        ticket = tickets.get(pk)
        if ticket is None:
            continue
        items.append(
            Hit(
                "ticket",
                ticket.pk,
                ticket.subject,
                snippets.get(ticket.pk) or tx.highlight(ticket.subject, query.prefixes()),
                _finite(score),
                {
                    "number": ticket.number,
                    "status": ticket.status,
                    "priority": ticket.priority,
                    "requester": str(ticket.requester) if ticket.requester_id else "",
                    "assignee": str(ticket.assignee) if ticket.assignee_id else "",
                    "team": str(ticket.team) if ticket.team_id else "",
                    "updated_at": ticket.updated_at.isoformat(),
                },
            )
        )
    return SearchPage(items, _encode(ranked[-1]) if more and ranked else None)


def _contacts(
    query: Query, user: Any, language: str | None, after: tuple[float, int] | None, limit: int
) -> SearchPage:
    from fyr.customers.models import Contact
    from fyr.tickets.queries import visible_contacts

    allowed = visible_contacts(user)
    ranked = _ranked(
        [_Source("contact", backends.match("contact", query.clauses))],
        allowed.values("id"),
        query,
        after,
        limit + 1,
    )
    more = len(ranked) > limit
    ranked = ranked[:limit]
    contacts = (
        Contact.objects.select_related("organization")
        .prefetch_related("identities")
        .in_bulk([pk for pk, _score in ranked])
    )
    prefixes = query.prefixes()
    items = []
    for pk, score in ranked:
        contact = contacts.get(pk)
        if contact is None:
            continue
        details = [i.value for i in contact.identities.all()]
        if contact.organization:
            details.append(contact.organization.name)
        items.append(
            Hit(
                "contact",
                contact.pk,
                str(contact),
                tx.highlight(" · ".join([contact.name, *details]).strip(" ·"), prefixes),
                _finite(score),
                {
                    "email": contact.email,
                    "organization": contact.organization.name if contact.organization else "",
                },
            )
        )
    return SearchPage(items, _encode(ranked[-1]) if more and ranked else None)


def _articles(
    query: Query, user: Any, language: str | None, after: tuple[float, int] | None, limit: int
) -> SearchPage:
    is_agent = user is not None and user.is_active
    articles = _article_rows(public_only=not is_agent, agent=is_agent, language=language)
    ranked = _ranked(
        [_Source("article", backends.match("article", query.clauses))],
        articles.values("id"),
        query,
        after,
        limit + 1,
    )
    more = len(ranked) > limit
    ranked = ranked[:limit]
    by_id = articles.in_bulk([pk for pk, _score in ranked])
    prefixes = query.prefixes()
    items = [
        Hit(
            "article",
            a.id,
            a.title,
            _article_snippet(a, prefixes),
            _finite(score),
            {
                "language": a.language,
                "section_id": a.section_id,
                "status": a.status,
                "visibility": a.visibility,
                "slug": a.slug,
            },
        )
        for pk, score in ranked
        if (a := by_id.get(pk)) is not None
    ]
    return SearchPage(items, _encode(ranked[-1]) if more and ranked else None)


def _article_rows(*, public_only: bool, agent: bool, language: str | None) -> QuerySet[Any]:
    from fyr.knowledge.choices import ArticleStatus, Visibility
    from fyr.knowledge.models import Article

    if public_only:
        rows = Article.objects.filter(status=ArticleStatus.PUBLISHED, visibility=Visibility.PUBLIC)
    elif agent:
        rows = Article.objects.exclude(status=ArticleStatus.ARCHIVED)
    else:
        rows = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    if language:
        rows = rows.filter(language=language)
    return rows


# --- ranking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """One index a search reads: its kind, its match, the result's id from a match row ``h``
    (with a join if that needs one), and on PostgreSQL the way back from a result ``g.rid`` to
    its rows in the index (``FROM … h … WHERE …``), for exclusions."""

    kind: str
    match: backends.Match
    owner: str = "h.id"
    join: str = ""
    back: str = ""


def _ranked(
    sources: list[_Source],
    allowed: QuerySet[Any],
    query: Query,
    after: tuple[float, int] | None,
    limit: int,
) -> list[tuple[int, float]]:
    """``(id, score)`` of the allowed rows the sources match, best first, after the cursor.

    A result's score is the sum of its matches' scores. Excluded words drop a result that any
    source matches them in: on SQLite by the set of everything they match (FTS5 reads a word's
    rows at once), on PostgreSQL by a check of each candidate's own rows (a common excluded
    word would otherwise mean reading every message it is in).

    On PostgreSQL the permission and exclusion checks run on the ranked candidates best first,
    each by its key, until ``limit`` pass: joining the allowed rows instead had the planner hash
    the whole ticket table for every search (60 ms at 100,000 tickets)."""
    parts: list[str] = []
    params: list[Any] = []
    for source in sources:
        parts.append(
            f"SELECT {source.owner} AS rid, h.score AS score FROM ({source.match.sql}) h "
            f"{source.join}"
        )
        params.extend(source.match.params)
    allowed_sql, allowed_params = allowed.query.sql_with_params()
    postgresql = backends.vendor() == "postgresql"
    inner = f"SELECT r.rid, SUM(r.score) AS total FROM ({' UNION ALL '.join(parts)}) r"
    if not postgresql:
        inner += f" WHERE r.rid IN ({allowed_sql})"
        params.extend(allowed_params)
        if query.excluded:
            excluded: list[str] = []
            for source in sources:
                miss = backends.match(source.kind, [list(query.excluded)], rank=False)
                excluded.append(f"SELECT {source.owner} FROM ({miss.sql}) h {source.join}")
                params.extend(miss.params)
            inner += f" AND r.rid NOT IN ({' UNION '.join(excluded)})"
    inner += " GROUP BY r.rid"
    if after is not None:
        inner += " HAVING SUM(r.score) < %s OR (SUM(r.score) = %s AND r.rid < %s)"
        params.extend([after[0], after[0], after[1]])
    order = " ORDER BY g.total DESC, g.rid DESC"
    if not postgresql:
        sql = f"SELECT g.rid, g.total FROM ({inner}) g{order} LIMIT {int(limit)}"
    else:
        # OFFSET 0 keeps each subquery as written: the candidates sorted once, and the checks
        # as per-row lookups the LIMIT stops (not joins the planner would build in full)
        checks = [f"EXISTS (SELECT 1 FROM ({allowed_sql}) a WHERE a.id = g.rid OFFSET 0)"]
        params.extend(allowed_params)
        if query.excluded:
            tsquery, tsparams = backends.pg_tsquery([list(query.excluded)])
            for source in sources:
                back = source.back or f"FROM {backends.table(source.kind)} h WHERE h.id = g.rid"
                checks.append(f"NOT EXISTS (SELECT 1 {back} AND h.document @@ {tsquery} OFFSET 0)")
                params.extend(tsparams)
        sql = (
            f"SELECT g.rid, g.total FROM (SELECT g.rid, g.total FROM ({inner}) g{order} OFFSET 0) g"
            f" WHERE {' AND '.join(checks)}{order} LIMIT {int(limit)}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(rid), float(total)) for rid, total in cursor.fetchall() if rid is not None]


def _drop_stopwords(query: Query) -> None:
    """Leave out single words too common to be indexed ("och", "the"), unless that would leave
    nothing to search for."""
    singles = [t.words[0] for t in query.terms() if not t.phrase]
    common = backends.stopwords(singles)
    if not common:
        return
    kept = [[t for t in clause if t.phrase or t.words[0] not in common] for clause in query.clauses]
    if any(kept):
        query.clauses = [clause for clause in kept if clause]


def _correct(query: Query, scope: str) -> dict[str, str]:
    """Replace each word nothing was found for by the nearest indexed word, in place."""
    kinds = {
        "tickets": ("ticket", "message"),
        "contacts": ("contact",),
        "articles": ("article",),
    }[scope]
    corrected: dict[str, str] = {}
    for clause in query.clauses:
        for index, term in enumerate(clause):
            if term.phrase or len(term.words[0]) < 4 or term.words[0].isdigit():
                continue
            word = term.words[0]
            if backends.known(word, kinds):
                continue
            nearest = backends.nearest(word, kinds)
            if nearest and nearest != word:
                clause[index] = Term((nearest,))
                corrected[word] = nearest
    return corrected


# --- snippets -----------------------------------------------------------------------------------


def _message_snippets(ticket_ids: list[int], prefixes: list[str]) -> dict[int, str]:
    """Per ticket: the excerpt of its message matching the most query words (newest first on a
    tie), read for the page's tickets only."""
    from fyr.tickets.models import Message

    if not ticket_ids or not prefixes:
        return {}
    best: dict[int, tuple[int, str]] = {}
    rows = (
        Message.objects.filter(ticket_id__in=ticket_ids)
        .order_by("-created_at", "-id")
        .values_list("ticket_id", "body_text")[:2000]
    )
    for ticket_id, body in rows:
        marks = len(tx.matched_spans(body, prefixes))
        if marks and marks > best.get(ticket_id, (0, ""))[0]:
            best[ticket_id] = (marks, body)
    return {ticket_id: tx.highlight(body, prefixes) for ticket_id, (_n, body) in best.items()}


def _article_snippet(article: Any, prefixes: list[str]) -> str:
    from django.utils.html import strip_tags

    body = strip_tags(article.body_html) if article.body_html else article.body_markdown
    for source in (article.summary, body):
        snippet = tx.highlight(source, prefixes)
        if "<mark>" in snippet:
            return snippet
    return tx.highlight(article.summary or body, prefixes) or escape(article.title)


# --- filters ------------------------------------------------------------------------------------


def _ticket_filters(query: Query, user: Any) -> Q:
    from fyr.accounts.models import Team, User
    from fyr.tickets.choices import Channel, Priority, Status, TicketType

    where = Q()
    choices = {
        "status": Status.values,
        "priority": Priority.values,
        "channel": Channel.values,
        "type": TicketType.values,
    }
    for name, values in query.filters.items():
        lowered = [v.lower() for v in values]
        if name in choices:
            bad = [v for v in lowered if v not in choices[name]]
            if bad:
                raise QueryError(
                    _("“%(value)s” is not a %(name)s. Choose from: %(choices)s.")
                    % {"value": bad[0], "name": name, "choices": ", ".join(choices[name])}
                )
            where &= Q(**{f"{name}__in": lowered})
        elif name == "assignee":
            either = Q()
            for value in lowered:
                if value == "me":
                    either |= Q(assignee=user)
                elif value == "none":
                    either |= Q(assignee__isnull=True)
                else:
                    agent = User.objects.filter(email__iexact=value).first()
                    if agent is None:
                        raise QueryError(
                            _("No agent has the email “%(value)s”.") % {"value": value}
                        )
                    either |= Q(assignee=agent)
            where &= either
        elif name == "team":
            teams = [Team.objects.filter(name__iexact=v).first() for v in values]
            if None in teams:
                raise QueryError(
                    _("No team is called “%(value)s”.") % {"value": values[teams.index(None)]}
                )
            where &= Q(team__in=teams)
        elif name == "tag":
            from fyr.tickets.models import TicketTag

            for value in lowered:  # every tag named (a subquery each: one join would need all
                # the names on the same tag row)
                tagged = TicketTag.objects.filter(tag__name=value).values("ticket_id")
                where &= Q(id__in=tagged)
        elif name == "requester":
            where &= Q(requester__identities__value__in=lowered)
        elif name == "number":
            numbers = [v.lstrip("#") for v in values]
            if not all(n.isdigit() and len(n) < 16 for n in numbers):
                raise QueryError(_("A ticket number is digits only."))
            where &= Q(number__in=[int(n) for n in numbers])
    for name, op, day in query.dates:
        column = "created_at" if name == "created" else "updated_at"
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        end = start + datetime.timedelta(days=1)
        lookup = {
            ">": (f"{column}__gte", end),
            ">=": (f"{column}__gte", start),
            "<": (f"{column}__lt", start),
            "<=": (f"{column}__lt", end),
        }[op]
        where &= Q(**{lookup[0]: lookup[1]})
    return where


# --- cursors ------------------------------------------------------------------------------------


def _encode(row: tuple[int, float]) -> str:
    raw = json.dumps([row[1], row[0]])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> tuple[float, int] | None:
    if not cursor:
        return None
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        score, pk = raw
        if not isinstance(pk, int) or not 0 <= pk < 2**63 or isinstance(score, bool):
            raise ValueError
        if not math.isfinite(float(score)) and score != float("inf"):
            raise ValueError
        return float(score), pk
    except (ValueError, TypeError, UnicodeDecodeError):
        raise QueryError(_("The cursor is not valid; start again from the first page.")) from None


def _finite(score: float) -> float:
    return score if score != float("inf") else 1e9
