"""What a customer's message says besides its question: anger, asking for a person, "that did
not help". Small Swedish and English lexicons of our own, read over raw word tokens.

Anger is scored, not matched: each angry word has a weight, an intensifier just before it
("väldigt", "so") multiplies it, a negation just before it ("inte", "not") cancels it, and
shouting (!!!, several words in capitals) adds to it. A message at ``ANGRY_AT`` or more is angry:
one strong word ("oacceptabelt", "useless") is enough, a mild one ("besviken") needs an
intensifier or company.
"""

from __future__ import annotations

import re

from fyr.bot.text import words

ANGRY_AT = 3.0

# fmt: off
ANGER: dict[str, float] = {
    # Swedish
    "arg": 2, "argt": 2, "arga": 2, "förbannad": 3, "förbannade": 3, "skandal": 3,
    "skandalöst": 3, "bedrövligt": 3, "bedrövlig": 3, "värdelös": 3, "värdelöst": 3,
    "värdelösa": 3, "oacceptabelt": 3, "oacceptabel": 3, "katastrof": 3, "katastrofalt": 3,
    "uselt": 3, "usel": 3, "usla": 3, "pinsamt": 2, "fruktansvärt": 3, "fruktansvärd": 3,
    "hopplöst": 2, "hopplösa": 2, "idioter": 3, "idiot": 3, "inkompetenta": 3,
    "inkompetent": 3, "löjligt": 2, "besviken": 2, "besvikna": 2, "missnöjd": 2,
    "missnöjda": 2, "irriterad": 2, "irriterade": 2, "sur": 1, "trött": 1, "skämt": 2,
    "fan": 3, "jävla": 3, "jävligt": 3, "helvete": 3, "skit": 3, "skitsnack": 3, "bluff": 3,
    "upprörd": 2, "upprörda": 2, "rasande": 3, "vansinnigt": 2, "sämst": 3, "sämsta": 3,
    # English
    "angry": 2, "furious": 3, "outrageous": 3, "ridiculous": 2, "useless": 3, "terrible": 3,
    "awful": 3, "unacceptable": 3, "disgrace": 3, "disgraceful": 3, "joke": 2, "pathetic": 3,
    "incompetent": 3, "frustrated": 2, "frustrating": 2, "disappointed": 2, "annoyed": 2,
    "damn": 3, "crap": 3, "wtf": 3, "worst": 3, "scam": 3, "idiots": 3, "livid": 3,
    "appalling": 3, "horrible": 3, "fed": 0, "sick": 0, "rubbish": 3, "shocking": 2,
    "upset": 2, "hell": 2, "shit": 3,
}
#: Two-word phrases ("fed up", "trött på") scored as one.
ANGER_PHRASES: dict[tuple[str, str], float] = {
    ("fed", "up"): 2,
    ("sick", "of"): 2,
    ("trött", "på"): 2,
    ("less", "på"): 2,
}
INTENSIFIERS = {
    "väldigt", "otroligt", "extremt", "helt", "så", "mycket", "totalt", "sjukt", "riktigt",
    "jättearg", "oerhört", "fullständigt", "very", "so", "extremely", "totally", "completely",
    "absolutely", "really", "utterly", "incredibly", "such", "beyond",
}
NEGATIONS = {
    "inte", "ej", "aldrig", "inget", "ingen", "knappast", "not", "never", "no", "isn't",
    "aren't", "don't", "doesn't", "wasn't", "hardly", "nothing",
}
# fmt: on


def anger(message: str) -> float:
    """The message's anger score (0 for a calm one)."""
    tokens = words(message)
    score = 0.0
    skip = False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        weight = ANGER.get(token, 0.0)
        pair = (token, tokens[i + 1]) if i + 1 < len(tokens) else None
        if pair in ANGER_PHRASES:
            weight = ANGER_PHRASES[pair]  # type: ignore[index]
            skip = True
        if token.startswith("jätte") and token[5:] in ANGER:
            weight = ANGER[token[5:]] * 1.5
        if not weight:
            continue
        before = tokens[max(0, i - 3) : i]
        if any(b in NEGATIONS or b.endswith("n't") for b in before):
            continue
        if before and before[-1] in INTENSIFIERS:
            weight *= 1.5
        score += weight
    if re.search(r"[!?]{3,}", message):
        score += 1.0
    shouted = [w for w in re.findall(r"\b[A-ZÅÄÖ]{3,}\b", message) if w not in {"BANKID", "PDF"}]
    if len(shouted) >= 2:
        score += 1.0
    return score


def is_angry(message: str) -> bool:
    return anger(message) >= ANGRY_AT


_PERSON = re.compile(
    r"\b(prata|tala|snacka|chatta|kontakt\w*|komma\s+i\s+kontakt)\s+(med\s+)?(en\s+|någon\s+)?"
    r"(riktig\s+|verklig\s+|levande\s+)?(människa|person|handläggare|kundtjänst|agent|"
    r"personal|någon|supporten|support)\b"
    r"|\b(riktig|verklig|levande)\s+(människa|person)\b"
    r"|\bvill\s+ha\s+(en\s+)?(människa|handläggare|person)\b"
    r"|\bring\s+(upp\s+)?mig\b"
    r"|\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+|some\s*one\s*|somebody\s*)?(real\s+|live\s+)?"
    r"(human|person|agent|somebody|someone|representative|operator|customer\s+service|support)\b"
    r"|\b(real|live|actual)\s+(human|person|agent)\b"
    r"|\bcall\s+me\b",
    re.IGNORECASE,
)
#: A short message made only of these asks for a person ("kundtjänst!", "agent please").
# fmt: off
_PERSON_WORDS = {
    "kundtjänst", "kundtjänsten", "människa", "handläggare", "agent", "human", "person",
    "operator", "representative", "support", "supporten", "personal",
}
_FILLER = {
    "tack", "snälla", "please", "pls", "now", "nu", "direkt", "a", "an", "en", "customer",
    "service", "jag", "vill", "ha", "i", "want", "need", "behöver", "till", "to", "med", "prata",
    "talk", "hej", "hello", "hi",
}
# fmt: on


def asks_for_person(message: str) -> bool:
    """The customer wants a person ("prata med en människa", "talk to a human", "kundtjänst")."""
    if _PERSON.search(message):
        return True
    tokens = words(message)
    return (
        0 < len(tokens) <= 5
        and any(t in _PERSON_WORDS for t in tokens)
        and all(t in _PERSON_WORDS or t in _FILLER for t in tokens)
    )


_NOT_HELPFUL = re.compile(
    r"\b(hjälpte|hjälper|funkade|fungerade|löste)\s+(ju\s+)?(inte|inget|ej)\b"
    r"|\binte\s+(till\s+)?(någon\s+)?hjälp\b"
    r"|\bfel\s+svar\b|\binte\s+(det|vad)\s+jag\s+(frågade|undrade|menade)\b"
    r"|\bdet\s+(svarar|besvarar)\s+inte\b|\bförstår\s+inte\b"
    r"|\b(did\s*n[o']?t|does\s*n[o']?t|do\s*n[o']?t|didn't|doesn't)\s+help\b"
    r"|\bnot\s+(very\s+)?helpful\b|\bno\s+help\b|\bwrong\s+answer\b|\buseless\s+answer\b"
    r"|\bnot\s+what\s+i\s+(asked|meant|wanted)\b|\bdoes\s*n[o']?t\s+answer\b"
    r"|\b(still|fortfarande)\s+(does\s*n[o']?t|doesn't|not|inte)\s+(work|fungerar|funkar)\b",
    re.IGNORECASE,
)
_BARE_NO = {"nej", "no", "nope", "nä", "nix"}


def says_not_helpful(message: str) -> bool:
    """The customer says the last answer did not help ("det hjälpte inte", "wrong answer").
    Only a short message counts: a long one is a new question that happens to say "inte"."""
    tokens = words(message)
    if not tokens or len(tokens) > 10:
        return False
    if len(tokens) <= 2 and tokens[0] in _BARE_NO:
        return True
    return bool(_NOT_HELPFUL.search(message))
