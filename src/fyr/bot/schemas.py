"""API schemas for the chatbot."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from fyr.bot.services import MAX_NAME, MAX_QUESTION


class AskIn(Schema):
    """A customer's question. Pass `conversation` from the previous answer to continue the same
    conversation (the bot then knows what it already answered). `name` and `email` are the
    customer's, used only when the bot hands over: the ticket is opened in their name."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., max_length=MAX_QUESTION * 4)
    language: Literal["sv", "en"] | None = Field(
        None, description="The customer's language; detected from the question when omitted."
    )
    conversation: str | None = Field(None, max_length=64)
    name: str | None = Field(None, max_length=MAX_NAME)
    email: str | None = Field(None, max_length=254)


class CitedArticle(Schema):
    id: int
    title: str
    url: str


class AskOut(Schema):
    answer: str
    articles: list[int] = Field(..., description="Cited article ids, the cited one first.")
    links: list[CitedArticle]
    confidence: float = Field(..., ge=0, le=1)
    handover: bool
    reason: str = Field(
        ...,
        description="Why the bot handed over: `low_confidence`, `asked_for_person`, "
        "`repeated_failure`, `angry`; empty when it answered.",
    )
    conversation: str = Field(..., description="Send it back to continue the conversation.")
    language: Literal["sv", "en"]
    ticket: int | None = Field(
        None, description="The number of the ticket the conversation was handed over to."
    )
