from __future__ import annotations

import pytest

from fyr.bot import intent


@pytest.mark.parametrize(
    "message",
    [
        "Det här är helt oacceptabelt!",
        "Ni är värdelösa",
        "Jag är väldigt besviken på er service",
        "This is useless",
        "I am so frustrated with this",
        "I'm fed up with your terrible portal",
        "VAD HÅLLER NI PÅ MED?!?! Jag är arg",
    ],
)
def test_angry_messages(message):
    assert intent.is_angry(message)


@pytest.mark.parametrize(
    "message",
    [
        "Jag är inte arg, jag undrar bara var paketet är",
        "Jag är besviken",  # mild on its own
        "Fakturan har fel belopp",
        "I am not angry at all",
        "It's not terrible, just slow",
        "The delivery is late",
    ],
)
def test_calm_messages(message):
    assert not intent.is_angry(message)


def test_an_intensifier_makes_a_mild_word_angry_and_a_negation_cancels_it():
    assert intent.anger("besviken") < intent.ANGRY_AT
    assert intent.anger("väldigt besviken") >= intent.ANGRY_AT
    assert intent.anger("inte besviken") == 0


@pytest.mark.parametrize(
    "message",
    [
        "Kan jag få prata med en människa?",
        "prata med en människa",
        "kundtjänst",
        "Kundtjänst tack!",
        "Jag vill ha en handläggare",
        "talk to a human",
        "I want to speak to a real person",
        "agent please",
        "Can I chat with someone?",
    ],
)
def test_asking_for_a_person(message):
    assert intent.asks_for_person(message)


@pytest.mark.parametrize(
    "message",
    [
        "Vilka öppettider har kundtjänst?",
        "Hur lägger jag till en ny person som beställare?",
        "Who is my account agent for the framework agreement renewal?",
    ],
)
def test_questions_that_mention_people_are_questions(message):
    assert not intent.asks_for_person(message)


@pytest.mark.parametrize(
    "message",
    ["Det hjälpte inte", "nej", "Det var inte det jag frågade", "That didn't help", "wrong answer"],
)
def test_not_helpful(message):
    assert intent.says_not_helpful(message)


def test_a_long_question_saying_inte_is_not_feedback():
    assert not intent.says_not_helpful(
        "Inloggningen med BankID hjälper inte, den snurrar bara och jag hamnar på startsidan igen"
    )
