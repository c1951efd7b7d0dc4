"""The index's tables and SQL, one implementation per database vendor.

Four indexes, one per kind of thing found, each keyed by the source row's id:

=========  ====================================  =========================================
kind       text (weight)                         kept current by
=========  ====================================  =========================================
ticket     subject and number (A)                the ticket observer (created, subject)
message    body (B), internal notes included     the ticket observer (each new message)
contact    name (A); emails, phones, org (C)     ``indexing.contact_changed``
article    title (A), summary (B), body (C)      ``indexing.article_changed/removed``
=========  ====================================  =========================================

SQLite: FTS5 tables (``unicode61 remove_diacritics 0``) holding words stemmed in Python
(``text.stemmed``); the message table is contentless (no copy of the bodies: a message is never
edited, and a deleted one's entry joins no row). BM25 ranks. Typos: the FTS5 vocabulary
(``fts5vocab``) gives the known stems to compare a word without hits with.

PostgreSQL: a ``tsvector`` per row with a GIN index, built with the ``swedish`` or ``english``
configuration by the text's language (contacts: ``simple``); ``ts_rank_cd`` ranks. Queries are
the same Snowball stems as prefixes (``'faktur':*``) through the ``simple`` configuration, so
one query matches documents of either language. Typos: ``search_word`` (every word seen) with a
``pg_trgm`` index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction

from fyr.search import text
from fyr.search.query import Term

KINDS = ("ticket", "message", "contact", "article")
#: Columns of each kind's index, in order.
COLUMNS = {
    "ticket": ("subject",),
    "message": ("body",),
    "contact": ("name", "details"),
    "article": ("title", "summary", "body"),
}
#: Relative weight of each column (BM25 on SQLite; tsvector weights A, B, C on PostgreSQL).
WEIGHTS = {
    "ticket": (10.0,),
    "message": (1.0,),
    "contact": (10.0, 4.0),
    "article": (10.0, 5.0, 1.0),
}
_PG_LABELS = ("A", "B", "C")
_CONFIG = {"sv": "swedish", "en": "english"}


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def table(kind: str) -> str:
    return f"search_{kind}"


# --- schema -------------------------------------------------------------------------------------


def create_schema(schema_editor: Any) -> None:
    """Create the index tables (run by the migration)."""
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for kind in KINDS:
            # documents up to a page (8 kB) stay in the row uncompressed: matching and ranking
            # read every candidate's document, and decompressing a TOASTed one costs about
            # four times the rest (an article's 300 words: 17 ms against 4 ms for 3,300 of them)
            run(
                f"CREATE TABLE {table(kind)} (id bigint PRIMARY KEY, document tsvector NOT NULL) "
                "WITH (toast_tuple_target = 8160)"
            )
            run(f"ALTER TABLE {table(kind)} ALTER COLUMN document SET STORAGE MAIN")
            run(f"CREATE INDEX {table(kind)}_document ON {table(kind)} USING gin (document)")
        run('CREATE TABLE search_word (word text COLLATE "C" PRIMARY KEY)')
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                run("CREATE INDEX search_word_trgm ON search_word USING gist (word gist_trgm_ops)")
        except DatabaseError:  # no pg_trgm (not installed, no right to create it): the fallback
            pass
        return
    tokenize = "tokenize = 'unicode61 remove_diacritics 0'"
    for kind in KINDS:
        columns = ", ".join(COLUMNS[kind])
        content = ", content = ''" if kind == "message" else ""
        run(f"CREATE VIRTUAL TABLE {table(kind)} USING fts5({columns}, {tokenize}{content})")
        run(f"CREATE VIRTUAL TABLE {table(kind)}_vocab USING fts5vocab({table(kind)}, 'row')")


def drop_schema(schema_editor: Any) -> None:
    for kind in KINDS:
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.execute(f"DROP TABLE IF EXISTS {table(kind)}_vocab")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table(kind)}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS search_word")


# --- writing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One row of an index: the source row's id, its columns' texts, its language."""

    id: int
    texts: tuple[str, ...]
    language: str = "sv"


def put(kind: str, docs: Sequence[Doc], *, new: bool = False) -> None:
    """Write ``docs`` into ``kind``'s index, replacing what was there (``new``: the rows are
    known not to be indexed yet)."""
    if not docs:
        return
    if vendor() == "postgresql":
        _pg_put(kind, docs)
    else:
        _sqlite_put(kind, docs, new=new)


def delete(kind: str, ids: Iterable[int]) -> None:
    ids = list(ids)
    if not ids or (kind == "message" and vendor() == "sqlite"):
        return  # contentless: a message's entry stays and joins no row once it is deleted
    column = "id" if vendor() == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {table(kind)} WHERE {column} = %s", [[i] for i in ids])


def clear(kind: str) -> None:
    with connection.cursor() as cursor:
        if vendor() == "sqlite" and kind == "message":
            cursor.execute(f"INSERT INTO {table(kind)}({table(kind)}) VALUES ('delete-all')")
        else:
            cursor.execute(f"DELETE FROM {table(kind)}")


def _sqlite_put(kind: str, docs: Sequence[Doc], *, new: bool) -> None:
    columns = COLUMNS[kind]
    rows: list[Any] = []
    for doc in docs:
        rows.append(doc.id)
        rows.extend(text.stemmed(value, doc.language) for value in doc.texts)
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    # REPLACE: a regular FTS5 table drops the old row's words; the contentless message table
    # could not (its rows are only ever inserted once: a message is not edited)
    verb = "INSERT" if new and kind == "message" else "INSERT OR REPLACE"
    with connection.cursor() as cursor:
        cursor.execute(
            f"{verb} INTO {table(kind)} (rowid, {', '.join(columns)}) "
            f"VALUES {', '.join([row] * len(docs))}",
            rows,
        )


def put_contacts(contact_id: int | None, *, organization_id: int | None = None) -> int:
    """Index one contact (``contact_id``), an organization's contacts (``organization_id``) or
    every contact (both ``None``) straight from their rows, in one statement: name; emails,
    phones and organization. Merged contacts are left out. Returns how many were written (0: no
    such unmerged contact). Contact words are not stemmed (names and
    addresses): a query's stems are prefixes of them."""
    from fyr.customers.models import Contact, ContactIdentity, Organization

    quote = connection.ops.quote_name
    contact, organization = quote(Contact._meta.db_table), quote(Organization._meta.db_table)
    identity = quote(ContactIdentity._meta.db_table)
    postgresql = vendor() == "postgresql"
    values = "string_agg(i.value, ' ')" if postgresql else "group_concat(i.value, ' ')"
    details = (
        f"coalesce((SELECT {values} FROM {identity} i WHERE i.contact_id = c.id), '') "
        "|| ' ' || coalesce(o.name, '')"
    )
    where = "c.merged_into_id IS NULL"
    params: list[int] = []
    if contact_id is not None:
        where += " AND c.id = %s"
        params.append(contact_id)
    if organization_id is not None:
        where += " AND c.organization_id = %s"
        params.append(organization_id)
    source = f"FROM {contact} c LEFT JOIN {organization} o ON o.id = c.organization_id"
    if postgresql:
        sql = (
            "INSERT INTO search_contact (id, document) SELECT c.id, "
            "setweight(to_tsvector('simple', c.name), 'A') || setweight(to_tsvector('simple', "
            f"regexp_replace({details}, '[^[:alnum:]]+', ' ', 'g')), 'C') {source} "
            f"WHERE {where} ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document"
        )
    else:
        sql = (
            "INSERT OR REPLACE INTO search_contact (rowid, name, details) "
            f"SELECT c.id, c.name, {details} {source} WHERE {where}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _pg_put(kind: str, docs: Sequence[Doc]) -> None:
    params: list[Any] = []
    values: list[str] = []
    for doc in docs:
        config = "simple" if kind == "contact" else _CONFIG.get(doc.language, "swedish")
        parts = []
        for label, value in zip(_PG_LABELS, doc.texts, strict=False):
            if kind == "contact":
                value = " ".join(text.words(value))
            parts.append(f"setweight(to_tsvector('{config}', %s), '{label}')")
            params.append(value)
        values.append(f"(%s, {' || '.join(parts)})")
        params.insert(len(params) - len(parts), doc.id)
    words = sorted({w for doc in docs for t in doc.texts for w in text.words(t) if len(w) < 40})
    # the words for typo correction in the same statement (a data-modifying CTE runs whether
    # or not it is referred to): one round trip per put on the path every message takes
    vocabulary = ""
    if words and kind != "contact":
        vocabulary = (
            "WITH vocabulary AS (INSERT INTO search_word (word) SELECT unnest(%s::text[]) "
            "ON CONFLICT DO NOTHING) "
        )
        params.insert(0, words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{vocabulary}INSERT INTO {table(kind)} (id, document) VALUES {', '.join(values)} "
            "ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document",
            params,
        )


# --- matching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """SQL selecting ``(id, score)`` of the rows of one index matching a query (higher score
    is better), and its parameters."""

    sql: str
    params: list[Any]


def match(
    kind: str, terms: Sequence[Sequence[Term]], *, rank: bool = True, cap: int | None = None
) -> Match:
    """The rows of ``kind``'s index matching every clause of ``terms`` (each an OR of terms);
    ``cap``: only the ``cap`` newest (highest ids)."""
    if cap is not None:
        # PostgreSQL: a phrase's matches are fewer than the planner guesses, so walking the
        # newest rows backwards for them may read the whole table (627 ms at 1,000,000 messages
        # for "betala med kort"); "id + 0" makes it take the index's candidates and sort them
        # (77 ms). Single words keep the walk, which stops early on a common word.
        phrase = any(term.phrase for clause in terms for term in clause)
        key = "id + 0" if phrase and vendor() == "postgresql" else "id"
        limit = f" ORDER BY {key} DESC LIMIT {int(cap)}"
    else:
        # SQLite: a LIMIT keeps the subquery from being flattened into the caller's query,
        # where bm25() cannot run
        limit = "" if vendor() == "postgresql" else " LIMIT -1"
    if vendor() == "postgresql":
        tsquery, params = pg_tsquery(terms)
        # the query twice: ranking and matching; float8, as a cursor's score is a Python float
        # (a float4 sum compared with it misses rows on the next page)
        score = f"ts_rank_cd(document, {tsquery})::float8" if rank else "0"
        if cap is not None and rank:
            # rank only the capped rows, each read by its key: with the rank in the same scan
            # the planner weighs ranking every match and may pick a sequential scan over the
            # GIN index (and a join, hashing the whole table)
            return Match(
                f"SELECT x.id, (SELECT ts_rank_cd(y.document, {tsquery})::float8 FROM {table(kind)} y "
                f"WHERE y.id = x.id) AS score "
                f"FROM (SELECT id FROM {table(kind)} WHERE document @@ {tsquery}{limit}) x",
                [*params, *params],
            )
        return Match(
            f"SELECT id, {score} AS score FROM {table(kind)} WHERE document @@ {tsquery}{limit}",
            [*(params if rank else []), *params],
        )
    expression = _fts5_expression(terms)
    weights = ", ".join(str(w) for w in WEIGHTS[kind])
    score = f"-bm25({table(kind)}, {weights})" if rank else "0"
    return Match(
        f"SELECT rowid AS id, {score} AS score FROM {table(kind)} "
        f"WHERE {table(kind)} MATCH %s{limit}",
        [expression],
    )


def _fts5_term(term: Term) -> str:
    if term.phrase:
        variants = sorted(
            {" ".join(text.stem(w, lang) for w in term.words) for lang in ("sv", "en")}
        )
        return "(" + " OR ".join(f'"{v}"' for v in variants) + ")"
    found = [s for word in term.words for s in text.stems(word)]
    return "(" + " OR ".join(f'"{s}"*' for s in found) + ")"


def _fts5_expression(terms: Sequence[Sequence[Term]]) -> str:
    return " AND ".join(
        "(" + " OR ".join(_fts5_term(term) for term in clause) + ")" for clause in terms
    )


def pg_tsquery(terms: Sequence[Sequence[Term]]) -> tuple[str, list[Any]]:
    """A tsquery expression in SQL and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for clause in terms:
        alternatives: list[str] = []
        for term in clause:
            if term.phrase:
                phrase = " ".join(term.words)
                alternatives.append(
                    "(phraseto_tsquery('swedish', %s) || phraseto_tsquery('english', %s))"
                )
                params.extend([phrase, phrase])
            else:
                found = [s for word in term.words for s in text.stems(word)]
                alternatives.append("to_tsquery('simple', %s)")
                params.append(" | ".join(f"'{s}':*" for s in found))
        clauses.append("(" + " || ".join(alternatives) + ")")
    return "(" + " && ".join(clauses) + ")", params


def stopwords(candidates: Sequence[str]) -> set[str]:
    """Which of ``candidates`` the index leaves out as too common to search for: on PostgreSQL
    the ``swedish`` and ``english`` configurations' own lists (so a query never asks for a word
    they dropped), on SQLite ``text.STOPWORDS``."""
    if not candidates:
        return set()
    if vendor() != "postgresql":
        return {w for w in candidates if any(w in stop for stop in text.STOPWORDS.values())}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) w WHERE ts_lexize('swedish_stem', w) = '{}' "
            "OR ts_lexize('english_stem', w) = '{}'",
            [list(candidates)],
        )
        return {row[0] for row in cursor.fetchall()}


# --- vocabulary (typos) -------------------------------------------------------------------------


def known(word: str, kinds: Sequence[str]) -> bool:
    """Whether any indexed word starts with one of ``word``'s stems."""
    with connection.cursor() as cursor:
        for prefix in text.stems(word):
            if vendor() == "postgresql":
                cursor.execute(
                    "SELECT 1 FROM search_word WHERE word >= %s AND word < %s LIMIT 1",
                    [prefix, prefix + "\uffff"],
                )
                if cursor.fetchone():
                    return True
                continue
            for kind in kinds:
                cursor.execute(
                    f"SELECT 1 FROM {table(kind)}_vocab WHERE term >= %s AND term < %s LIMIT 1",
                    [prefix, prefix + "\uffff"],
                )
                if cursor.fetchone():
                    return True
    return False


def _has_trigram_index(cursor: Any) -> bool:
    if _trigram.get(connection.alias) is None:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_word_trgm'")
        _trigram[connection.alias] = cursor.fetchone() is not None
    return bool(_trigram[connection.alias])


_trigram: dict[str, bool] = {}


def nearest(word: str, kinds: Sequence[str]) -> str | None:
    """The known word closest to ``word`` (at most two edits away; one for short words)."""
    limit = 1 if len(word) <= 5 else 2
    candidates: dict[str, int] = {}
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            if _has_trigram_index(cursor):
                cursor.execute(
                    "SELECT word, 1 FROM search_word ORDER BY word <-> %s LIMIT 20", [word]
                )
            else:  # no pg_trgm: compare with the words sharing the first letter
                cursor.execute(
                    "SELECT word, 1 FROM search_word WHERE word >= %s AND word < %s "
                    "AND length(word) BETWEEN %s AND %s LIMIT 20000",
                    [word[0], word[0] + "\uffff", len(word) - limit, len(word) + limit],
                )
            rows = cursor.fetchall()
            candidates = {w: n for w, n in rows}
        else:
            for kind in kinds:
                cursor.execute(
                    f"SELECT term, doc FROM {table(kind)}_vocab WHERE term >= %s AND term < %s",
                    [word[0], word[0] + "\uffff"],
                )
                for term, count in cursor.fetchall():
                    if abs(len(term) - len(word)) <= limit + 2:
                        candidates[term] = candidates.get(term, 0) + count
    best: tuple[int, int, str] | None = None
    for candidate, count in candidates.items():
        distance = min(
            text.edit_distance(word, candidate, limit),
            # an index term is a stem: compare with the word's stems too
            *(text.edit_distance(s, candidate, limit) for s in text.stems(word)),
        )
        if distance <= limit and (best is None or (distance, -count) < best[:2]):
            best = (distance, -count, candidate)
    return best[2] if best else None
