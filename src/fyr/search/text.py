"""Words, languages, stems and highlighted snippets: the text side of search, shared by both
database backends.

SQLite's FTS5 has no Swedish stemmer, so on SQLite the index holds words already stemmed here
(Snowball, the same algorithms as PostgreSQL's ``swedish`` and ``english`` configurations), and
queries are stemmed the same way. Snippets are built from the original text of the rows on the
page shown, never stored.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape

#: A word: letters and digits (not "_"), as FTS5's ``unicode61`` tokenizer splits them.
WORD = re.compile(r"[^\W_]+")

LANGUAGES = ("sv", "en")

_SWEDISH = frozenset(
    str.split(
        """och att det som en på är av för med till den har de inte om ett han men var jag sig
    från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska skulle
    kommer ut får finns vara hade alla andra mycket än här då sedan över bara blir vad
    hur dig mig min mitt era er ert vår jag ni hej tack vänliga hälsningar inte något"""
    )
)
_ENGLISH = frozenset(
    str.split(
        """the and to of a in is that it for you was with on as have be at not this are but
    from or by they we an my your can if will would there what so out up about which when
    their do has me all our been one hi hello thanks thank regards please could should"""
    )
)
STOPWORDS = {"sv": _SWEDISH, "en": _ENGLISH}

_stemmers = {
    "sv": snowballstemmer.stemmer("swedish"),
    "en": snowballstemmer.stemmer("english"),
}


def words(text: str) -> list[str]:
    """``text``'s words, lower-cased."""
    return WORD.findall((text or "").lower())


def detect_language(text: str, hint: str = "") -> str:
    """``sv`` or ``en`` by counting common words (and å, ä, ö); ``hint`` (a contact's language)
    decides a tie and short texts; Swedish otherwise."""
    sample = words(text[:2000])
    swedish = sum(1 for word in sample if word in _SWEDISH)
    english = sum(1 for word in sample if word in _ENGLISH)
    if _SWEDISH_LETTERS.search(text[:2000]):
        swedish += 2
    if english > swedish:
        return "en"
    if swedish > english:
        return "sv"
    return hint if hint in LANGUAGES else "sv"


_SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    return str(_stemmers[language].stemWord(word))


def stemmed(text: str, language: str) -> str:
    """``text`` as the SQLite index holds it: stemmed words separated by spaces."""
    return " ".join(stem(word, language) for word in words(text))


#: Swedish definite and plural endings Snowball leaves on (it keeps "fakturan" whole): a query
#: word is also looked up without them, so "fakturan" finds "faktura".
_SWEDISH_ENDINGS = ("orna", "arna", "erna", "na", "en", "et", "an", "n")


def stems(word: str) -> list[str]:
    """What a query word is looked up as (each a prefix): its stems in both languages and the
    Swedish stem without a definite/plural ending, without one that starts with another (a
    prefix search for the shorter finds both), shortest first."""
    found = {stem(word, "sv"), stem(word, "en")}
    for ending in _SWEDISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            found.add(stem(word[: -len(ending)] + ("a" if ending in ("n", "na") else ""), "sv"))
            break
    kept: list[str] = []
    for candidate in sorted(found, key=len):
        if candidate and not any(candidate.startswith(k) for k in kept):
            kept.append(candidate)
    return kept or [word]


def highlight(text: str, prefixes: list[str], *, width: int = 220) -> str:
    """Safe HTML: an excerpt of ``text`` around its first matched word, every word that
    starts with one of ``prefixes`` (stems, lower-case) in ``<mark>``."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    spans = matched_spans(text, prefixes)
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 4) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out: list[str] = ["…" if start else ""]
    position = start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        out.append(escape(text[position:begin]))
        out.append(f"<mark>{escape(text[begin:finish])}</mark>")
        position = finish
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append("…")
    return "".join(out)


def matched_spans(text: str, prefixes: list[str]) -> list[tuple[int, int]]:
    """Where ``text``'s words matching ``prefixes`` are: words starting with one (a regular
    expression, fast), else, when none does, words whose stem starts with one."""
    if not prefixes:
        return []
    spans = [m.span() for m in _prefix_pattern(tuple(prefixes)).finditer(text)]
    if spans:
        return spans
    return [m.span() for m in WORD.finditer(text) if _matches(m.group().lower(), prefixes)]


@lru_cache(maxsize=256)
def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _matches(word: str, prefixes: list[str]) -> bool:
    return any(word.startswith(p) for p in prefixes) or any(
        s.startswith(p) for s in (stem(word, "sv"), stem(word, "en")) for p in prefixes
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count once), or ``limit + 1`` if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
