"""API schemas for macros."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from fyr.core.schemas import Id, NonBlank, Omittable, Paged, PageParams
from fyr.macros.choices import Visibility
from fyr.macros.services import MAX_TAGS, MAX_TEXT
from fyr.tickets.choices import Priority, Status, TicketType


class MacroChanges(Schema):
    """The ticket fields a macro changes; only the keys sent are changed when it is applied."""

    model_config = ConfigDict(extra="forbid")

    status: Omittable[Status] = Field(None, description="Any status but `new`.")
    priority: Omittable[Priority] = None
    type: Omittable[TicketType] = None
    tier: Omittable[int] = Field(None, ge=1, le=3)
    team: Omittable[Id] = Field(None, description="A team's id.")
    assignee: Id | Literal["me"] | None = Field(
        None, description='An agent\'s id, `"me"` (whoever applies the macro) or null (unassign).'
    )
    add_tags: Omittable[list[str]] = Field(None, max_length=MAX_TAGS)
    remove_tags: Omittable[list[str]] = Field(None, max_length=MAX_TAGS)


class MacroIn(Schema):
    """A whole macro (POST, PUT). `team_id` only for `team` visibility; a personal macro
    belongs to the caller; team and shared macros are for administrators."""

    name: NonBlank = Field(..., max_length=200)
    description: str = Field("", max_length=500)
    visibility: Visibility = Visibility.PERSONAL
    team_id: Id | None = None
    text: str = Field(
        "", max_length=MAX_TEXT, description="Reply text with placeholders (`{{ ticket.number }}`)."
    )
    internal: bool = Field(False, description="The text goes in as an internal note.")
    changes: MacroChanges | None = Field(None, description="Ticket fields to change.")
    active: bool = True


class MacroPatch(Schema):
    """Only the fields sent are changed; `changes` replaces the macro's changes."""

    name: Omittable[NonBlank] = Field(None, max_length=200)
    description: Omittable[str] = Field(None, max_length=500)
    visibility: Omittable[Visibility] = None
    team_id: Id | None = None
    text: Omittable[str] = Field(None, max_length=MAX_TEXT)
    internal: Omittable[bool] = None
    changes: Omittable[MacroChanges] = None
    active: Omittable[bool] = None


class MacroOut(Schema):
    id: int
    name: str
    description: str
    visibility: Visibility
    team_id: int | None
    owner_id: int | None
    text: str
    internal: bool
    changes: dict[str, Any] = Field(..., description="As in the request; absent keys unchanged.")
    active: bool
    usage_count: int
    last_used_at: datetime | None
    created_at: datetime
    updated_at: datetime


class MacroPage(Paged):
    items: list[MacroOut]


class MacroFilters(PageParams):
    q: str | None = Field(None, max_length=200, description="Part of the name, any case.")
    visibility: Visibility | None = None
    active: bool | None = None


class ApplyIn(Schema):
    version: int | None = Field(
        None, description="The ticket version you last read (or send `If-Match`)."
    )


class AppliedOut(Schema):
    text: str = Field(..., description="The rendered text: put it in the composer, edit, send.")
    internal: bool
    ticket_id: int
    version: int = Field(..., description="The ticket's version after the macro's changes.")
    changed: bool = Field(..., description="Whether the macro changed any ticket field.")
