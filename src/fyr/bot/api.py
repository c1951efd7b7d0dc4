"""The chatbot API: ``POST /api/v1/bot/ask``, the same bot the portal's assistant is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Router

from fyr.bot import services
from fyr.bot.schemas import AskIn, AskOut
from fyr.core.typing import ApiRequest
from fyr.knowledge import links

router = Router(tags=["Bot"])


@router.post("/bot/ask", response=AskOut)
def ask(request: ApiRequest, payload: AskIn) -> dict[str, Any]:
    """Answer a customer's question from the public articles, or hand over to a person.

    When it hands over and `email` (and `name`) were sent, a ticket carrying the transcript is
    opened and its number returned; without them, send them with the next call."""
    with transaction.atomic():  # a refused hand-over leaves no half-logged turn behind
        return _ask(payload)


def _ask(payload: AskIn) -> dict[str, Any]:
    conversation = None
    if payload.conversation is not None:
        conversation = services.find(payload.conversation)
        if conversation is None:
            raise ValidationError({"conversation": _("There is no such conversation")})
    reply = services.ask(payload.question, language=payload.language, conversation=conversation)
    ticket = reply.ticket
    if reply.handover and ticket is None and (payload.email or payload.name):
        ticket = services.hand_over(reply.conversation, name=payload.name, email=payload.email)
    return {
        "answer": reply.answer,
        "articles": reply.articles,
        "links": [
            {
                "id": i,
                "title": reply.titles.get(i, ""),
                "url": links.article_public_url(
                    i, suggested=links.SUGGESTED_FROM_BOT, query=payload.question
                ),
            }
            for i in reply.articles
        ],
        "confidence": reply.confidence,
        "handover": reply.handover,
        "reason": reply.reason,
        "conversation": reply.conversation.token,
        "language": reply.language,
        "ticket": ticket.number if ticket else None,
    }
