"""Text handling for the bot: language detection, tokens, stems and Markdown to plain text.

Everything here is offline and small: Snowball stemmers (``snowballstemmer``) and short stop-word
lists written for customer questions (question words and fillers are stop words, negations are
not: "kan inte logga in" must keep its meaning for the sentiment lexicon, which reads raw tokens).
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("sv", "en")


def _wordlist(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "sv": _wordlist(
        """
        och i att det som en på är av för med till den har de inte om ett han men var jag
        sig från vi så kan man när år säger hon under också efter eller nu sin där vid mot ska
        skall hade blev bli blir då detta dessa denna vara vad hur vilken vilket vilka varför
        var vem vems mig mitt min mina dig din ditt dina oss vår vårt våra er ert era ni du
        hej hejsa tack hallå snälla undrar fråga frågan någon något några ingen inget alla allt
        här där nog bara ju väl även redan sedan än sen ha haft göra gör gjort får fick få
        skulle kunde kunna måste vill ville behöver behövde borde jo ja nej eh hm mycket lite
        hos åt utan mellan genom över upp ut in ner hit dit igen ok okej finns fanns
        """
    ),
    "en": _wordlist(
        """
        a an the and or but if of at by for with about to from in on into out up down over
        under is are was were be been being am do does did doing have has had having i me my
        we our us you your he she it its they them their this that these those what which who
        whom how why when where can could would should will shall may might must there here
        please hi hello hey thanks thank so just also some any all my mine get got getting
        want wanted need needed know let okay ok yes no as than then too very much
        """
    ),
}

#: Words that say "Swedish" or "English" strongly even in a two-word question.
_MARKERS: dict[str, frozenset[str]] = {
    "sv": _wordlist(
        "och att det är inte jag vi hur vad var kan min mitt mina vår vårt ni er hej tack "
        "fick har ska"
    ),
    "en": _wordlist(
        "the and is are not how what where can my our we you your hi hello thanks i do does "
        "did have has"
    ),
}

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_SNOWBALL = {"sv": "swedish", "en": "english"}


def words(text: str) -> list[str]:
    """Lower-case word tokens (letters and digits; hyphenated words kept whole)."""
    return [w.lower() for w in _WORD.findall(text)]


def detect_language(text: str, default: str | None = None) -> str | None:
    """``sv`` or ``en`` for ``text``, or ``default`` when the words say neither clearly."""
    tokens = words(text)
    sv = sum(1 for t in tokens if t in _MARKERS["sv"] or t in STOPWORDS["sv"])
    en = sum(1 for t in tokens if t in _MARKERS["en"] or t in STOPWORDS["en"])
    if re.search(r"[åäöÅÄÖ]", text):
        sv += 2
    if sv > en:
        return "sv"
    if en > sv:
        return "en"
    return default


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:  # type: ignore[name-defined]
    return snowballstemmer.stemmer(_SNOWBALL[language])


_VOWELS = set("aeiouyåäö")


def _variants(word: str, language: str) -> list[str]:
    """The word's stem, and for Swedish also the stem without a definite ending Snowball keeps
    (``fakturan`` → ``faktur``, ``lösenordet`` → ``lösenord``, ``kontot`` → ``konto``) and
    without the verbal noun's ``-ning`` (``beställning`` → ``beställ``, as ``beställer``)."""
    stemmer = _stemmer(language)
    stem = stemmer.stemWord(word)
    out = [stem]
    if language == "sv" and len(word) > 5:
        base = ""
        if word.endswith("et"):
            base = word[:-2]
        elif word[-1] in "nt" and word[-2] in _VOWELS:
            base = word[:-1]
        if base:
            extra = stemmer.stemWord(base)
            if extra != stem:
                out.append(extra)
        for verbal in list(out):
            if verbal.endswith("ning") and len(verbal) > 7:
                out.append(verbal[:-4])
    return out


def split_compound(word: str, known: frozenset[str], language: str) -> tuple[str, str] | None:
    """A Swedish compound's two parts when both are words the articles use (by stem), the
    longest last part first: ``kontorsmaterial`` → (``kontor``, ``material``). English
    compounds are separate words already."""
    if language != "sv" or len(word) < 7 or not known:
        return None
    stemmer = _stemmer(language)
    for i in range(3, len(word) - 3):
        left, right = word[:i], word[i:]
        right_stem = stemmer.stemWord(right)
        if right_stem not in known:
            continue
        for head in (left, left[:-1] if left.endswith("s") and len(left) > 3 else ""):
            if head and stemmer.stemWord(head) in known:
                return head, right
    return None


def stems(text: str, language: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Stems of the content words of ``text`` (stop words dropped); with ``known`` (stems the
    articles use), a Swedish compound also gives its parts' stems."""
    stop = STOPWORDS[language]
    out: list[str] = []
    for word in words(text):
        if word in stop or (len(word) < 2 and not word.isdigit()):
            continue
        found = _variants(word, language)
        out.extend(found)
        if (known and found[0] not in known) or len(word) >= 10:
            parts = split_compound(word, known, language)
            if parts:
                for part in parts:
                    out.extend(_variants(part, language))
    return out


def known_stems(texts: list[str], language: str) -> frozenset[str]:
    """The stems of the words in ``texts`` at least four letters long (compound parts)."""
    stop = STOPWORDS[language]
    stemmer = _stemmer(language)
    unique = {w for t in texts for w in words(t) if len(w) >= 4 and w not in stop}
    return frozenset(stemmer.stemWord(w) for w in unique)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(^|\s)[#>]+\s|\||^\s*[-+]\s+|^\s*\d+\.\s+", re.MULTILINE)
_MD_INLINE = re.compile(r"[*_`]+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.MULTILINE)


def plain(markdown: str) -> str:
    """Markdown as plain text: links keep their words, marks and table rules go."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _TABLE_RULE.sub("", text)
    text = _MD_INLINE.sub("", text)
    text = _MD_MARKS.sub(lambda m: m.group(1) if m.group(1) else " ", text)
    return re.sub(r"\s+", " ", text).strip()


def blocks(markdown: str) -> list[str]:
    """The article's paragraphs as plain text: a heading joins the block after it, and a short
    block joins the next, so each passage says something on its own."""
    raw = [b.strip() for b in re.split(r"\n\s*\n", markdown) if b.strip()]
    out: list[str] = []
    carry = ""
    for block in raw:
        text = plain(block)
        if not text:
            continue
        joined = f"{carry} {text}".strip() if carry else text
        if block.lstrip().startswith("#") or len(joined) < 60:
            carry = joined
            continue
        out.append(joined)
        carry = ""
    if carry:
        out.append(carry)
    return out


def first_paragraph(markdown: str) -> str:
    """The first paragraph that is not a heading, as plain text."""
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if block and not block.startswith("#") and not block.startswith("|"):
            return plain(block)
    return ""
