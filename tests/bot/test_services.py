from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fyr.bot import services
from fyr.bot.choices import HandoverReason
from fyr.bot.models import BotTurn, Conversation
from fyr.knowledge.models import SuggestedArticleView
from fyr.tickets.choices import Channel
from fyr.tickets.models import Message, Ticket


def test_an_answer_cites_the_article_and_is_logged(kb):
    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert not reply.handover
    assert reply.reason == ""
    assert reply.articles[0] == kb["reset-password"]["sv"]
    assert reply.answer.startswith("Klicka på Glömt lösenord")
    assert 0.5 <= reply.confidence <= 1
    turn = BotTurn.objects.get()
    assert turn.conversation == reply.conversation
    assert turn.article_ids == reply.articles
    assert turn.confidence == reply.confidence
    assert (turn.handover, turn.reason, turn.backend, turn.language) == (False, "", "lexical", "sv")


def test_the_language_is_detected_when_not_given(kb):
    reply = services.ask("I forgot my password")

    assert reply.language == "en"
    assert reply.articles[0] == kb["reset-password"]["en"]
    assert reply.conversation.language == "en"


def test_a_conversation_continues_with_the_same_token(kb):
    first = services.ask("Var är mitt paket?", language="sv")
    second = services.ask("Hur returnerar jag en vara?", conversation=first.conversation)

    assert second.conversation.pk == first.conversation.pk
    assert BotTurn.objects.filter(conversation=first.conversation).count() == 2
    assert services.find(first.conversation.token) == first.conversation
    assert services.find("nope") is None


def test_below_the_threshold_it_hands_over_without_a_ticket_for_a_visitor(kb):
    reply = services.ask("Vem vann fotbollsmatchen i går kväll?", language="sv")

    assert reply.handover
    assert reply.reason == HandoverReason.LOW_CONFIDENCE
    assert reply.articles == []
    assert reply.ticket is None
    assert "e-post" in reply.answer or "email" in reply.answer
    assert Ticket.objects.count() == 0
    turn = BotTurn.objects.get()
    assert (turn.handover, turn.reason) == (True, "low_confidence")
    assert turn.confidence < 0.5


def test_the_threshold_is_a_setting(kb, settings):
    settings.FYR_BOT_MIN_CONFIDENCE = 0.999

    reply = services.ask("Jag har glömt mitt lösenord", language="sv")

    assert reply.handover
    assert reply.reason == HandoverReason.LOW_CONFIDENCE


def test_a_signed_in_customer_is_handed_over_at_once(kb, customer):
    reply = services.ask("Jag vill prata med en människa", language="sv", contact=customer)

    assert reply.handover
    assert reply.reason == HandoverReason.ASKED_FOR_PERSON
    ticket = reply.ticket
    assert ticket is not None
    assert ticket.requester == customer
    assert f"#{ticket.number}" in reply.answer
    assert reply.conversation.ticket == ticket


def test_an_angry_message_hands_over(kb, customer):
    reply = services.ask(
        "Det här är helt oacceptabelt, tredje gången paketet är sent!",
        language="sv",
        contact=customer,
    )

    assert reply.handover
    assert reply.reason == HandoverReason.ANGRY
    assert reply.ticket is not None


def test_two_answers_that_did_not_help_hand_over(kb):
    first = services.ask("Var är mitt paket?", language="sv")
    conversation = first.conversation
    assert not first.handover

    sorry = services.ask("Det hjälpte inte", conversation=conversation)
    assert not sorry.handover
    assert Conversation.objects.get().failures == 1

    again = services.ask("nej", conversation=conversation)
    assert again.handover
    assert again.reason == HandoverReason.REPEATED_FAILURE


def test_asking_the_same_thing_again_counts_as_a_failure(kb):
    first = services.ask("Jag har glömt mitt lösenord", language="sv")
    second = services.ask(
        "Glömt lösenordet, hur återställer jag det?", conversation=first.conversation
    )
    assert not second.handover
    assert Conversation.objects.get().failures == 1

    third = services.ask("lösenordet är glömt, återställa?", conversation=first.conversation)

    assert third.handover
    assert third.reason == HandoverReason.REPEATED_FAILURE


def test_a_different_question_resets_the_failures(kb):
    first = services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Det hjälpte inte", conversation=first.conversation)

    services.ask("Hur lång tid tar leveransen?", conversation=first.conversation)

    assert Conversation.objects.get().failures == 0


def test_hand_over_opens_a_ticket_with_the_whole_transcript(kb):
    first = services.ask("Var är mitt paket? Spårningen står still", language="sv")
    last = services.ask("Kan jag få prata med en människa?", conversation=first.conversation)
    assert last.handover and last.ticket is None

    ticket = services.hand_over(last.conversation, name="Vera Visitor", email="Vera@Example.se")

    assert ticket.channel == Channel.WEB
    assert ticket.requester.name == "Vera Visitor"
    assert (
        ticket.subject == "Chattbot: Var är mitt paket? Spårningen står still"
        or ticket.subject.endswith("Var är mitt paket? Spårningen står still")
    )
    message = Message.objects.get(ticket=ticket)
    assert message.metadata == {"via": "bot", "bot_conversation": last.conversation.pk}
    body = message.body_text
    assert "Var är mitt paket? Spårningen står still" in body
    assert "Kan jag få prata med en människa?" in body
    assert f"#{first.articles[0]}" in body
    assert f"{first.confidence:.2f}" in body
    assert "https://help.example.com/portal/help/a/" in body
    conversation = Conversation.objects.get()
    assert conversation.ticket == ticket
    assert conversation.contact == ticket.requester


def test_hand_over_twice_gives_the_same_ticket(kb):
    reply = services.ask("talk to a human", language="en")
    one = services.hand_over(reply.conversation, name="Vera", email="vera@example.se")
    two = services.hand_over(reply.conversation, name="Vera", email="vera@example.se")

    assert one == two
    assert Ticket.objects.count() == 1


def test_a_visitor_must_give_name_and_email(kb):
    reply = services.ask("talk to a human", language="en")

    with pytest.raises(ValidationError) as error:
        services.hand_over(reply.conversation, name="", email="not an address")

    assert set(error.value.message_dict) == {"name", "email"}
    assert Ticket.objects.count() == 0


def test_messages_after_the_hand_over_go_to_the_ticket(kb, customer):
    reply = services.ask("prata med en människa", language="sv", contact=customer)

    later = services.ask("Ordernumret är FK-123456", conversation=reply.conversation)

    assert later.ticket == reply.ticket
    assert later.handover
    texts = list(
        Message.objects.filter(ticket=reply.ticket)
        .order_by("id")
        .values_list("body_text", flat=True)
    )
    assert texts[-1] == "Ordernumret är FK-123456"
    assert Ticket.objects.count() == 1


def test_hand_over_marks_bot_suggestions_as_not_deflected(kb):
    reply = services.ask("Var är mitt paket?", language="sv", visitor="s:abc")
    view = SuggestedArticleView.objects.create(
        article_id=reply.articles[0], visitor="s:abc", query="Var är mitt paket?", source="bot"
    )

    ticket = services.hand_over(reply.conversation, name="Vera", email="vera@example.se")

    view.refresh_from_db()
    assert view.request_ticket == ticket


@pytest.mark.parametrize(
    ("question", "field"),
    [("", "question"), ("   ", "question"), ("x" * 1001, "question")],
)
def test_bad_questions_are_refused(db, question, field):
    with pytest.raises(ValidationError) as error:
        services.ask(question)

    assert field in error.value.message_dict
    assert BotTurn.objects.count() == 0


def test_an_unknown_language_is_refused(db):
    with pytest.raises(ValidationError) as error:
        services.ask("Hej", language="de")

    assert "language" in error.value.message_dict


def test_review_marks_a_turn(kb, agent):
    services.ask("Jag har glömt mitt lösenord", language="sv")
    turn = BotTurn.objects.get()

    services.review(turn, by=agent, verdict="bad", note="Fel artikel")

    turn.refresh_from_db()
    assert (turn.verdict, turn.review_note, turn.reviewed_by) == ("bad", "Fel artikel", agent)
    with pytest.raises(ValidationError):
        services.review(turn, by=agent, verdict="meh")


def test_saying_it_did_not_help_then_getting_the_same_answer_hands_over(kb):
    first = services.ask("Jag har glömt mitt lösenord", language="sv")
    services.ask("Det hjälpte inte", conversation=first.conversation)

    again = services.ask("Hur återställer jag lösenordet?", conversation=first.conversation)

    assert again.handover
    assert again.reason == HandoverReason.REPEATED_FAILURE
