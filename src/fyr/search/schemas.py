"""API schemas for search."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from fyr.core.schemas import Paged


class SearchParams(Schema):
    q: str = Field(
        ...,
        max_length=500,
        description='The query: words (all must match), `"a phrase"`, `-word`, `a OR b`, and '
        "for tickets filters `status:` `assignee:me|none|<email>` `team:` `tag:` `priority:` "
        "`channel:` `type:` `requester:<email>` `number:` `#1234` `created>YYYY-MM-DD`.",
    )
    scope: Literal["tickets", "articles", "contacts"] = "tickets"
    language: Literal["sv", "en"] | None = Field(None, description="Articles in this language.")
    cursor: str | None = Field(None, max_length=200, description="`next_cursor` of the last page.")
    limit: int = Field(20, ge=1, le=100, description="Items per page (1–100).")


class SearchHitOut(Schema):
    kind: Literal["ticket", "contact", "article"]
    id: int
    title: str
    snippet: str = Field(..., description="Safe HTML: the matched words in `<mark>`.")
    score: float
    extra: dict[str, Any] = Field(
        ...,
        description="Tickets: number, status, priority, requester, assignee, team, "
        "updated_at; contacts: email, organization; articles: language, section_id, status, "
        "visibility, slug.",
    )


class SearchPageOut(Paged):
    items: list[SearchHitOut]
    corrected: dict[str, str] = Field(
        default_factory=dict, description="Words nothing was found for, and what was searched."
    )
