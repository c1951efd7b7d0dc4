"""The query language's parser."""

from __future__ import annotations

import datetime

import pytest

from fyr.search.query import QueryError, Term, parse


def test_words_are_and():
    query = parse("Faktura leverans")

    assert query.clauses == [[Term(("faktura",))], [Term(("leverans",))]]


def test_phrase_exclusion_and_or():
    query = parse('"betala med kort" -retur -"fel adress" kvitto OR faktura')

    assert query.clauses == [
        [Term(("betala", "med", "kort"), phrase=True)],
        [Term(("kvitto",)), Term(("faktura",))],
    ]
    assert query.excluded == [Term(("retur",)), Term(("fel", "adress"), phrase=True)]


def test_filters_and_dates():
    query = parse('status:open,pending assignee:me team:"First line" created>=2026-01-02 x')

    assert query.filters == {
        "status": ["open", "pending"],
        "assignee": ["me"],
        "team": ["First line"],
    }
    assert query.dates == [("created", ">=", datetime.date(2026, 1, 2))]
    assert query.clauses == [[Term(("x",))]]


def test_numbers():
    assert parse("#1234").filters == {"number": ["1234"]}
    assert parse("#1234").clauses == []
    assert parse("1234").number == 1234
    assert parse("1234 faktura").number is None


def test_an_email_is_a_phrase_of_its_parts():
    assert parse("karin@acme.se").clauses == [[Term(("karin", "acme", "se"), phrase=True)]]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("colour:red", "Unknown filter"),
        ("status:", "needs a value"),
        ("-status:open", "cannot be excluded"),
        ("created>soon", "not a date"),
        ("deadline>2026-01-01", "Unknown filter"),
        ("OR faktura", "OR needs"),
        ("faktura OR", "OR needs"),
        ("x" * 501, "too long"),
    ],
)
def test_errors(raw, message):
    with pytest.raises(QueryError, match=message):
        parse(raw)


def test_empty():
    assert parse("   ").is_empty
    assert parse('""').is_empty
