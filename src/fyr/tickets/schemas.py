"""API schemas for tickets, their messages and events."""

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import model_validator

from fyr.core.schemas import Id, NonBlank, Omittable, Paged, PageParams
from fyr.customers.schemas import EmailAddress
from fyr.sla.models import SlaClock
from fyr.sla.queries import ticket_clocks
from fyr.sla.schemas import SlaTargetOut
from fyr.tickets.choices import Priority, Status, TicketType
from fyr.tickets.models import Message, Ticket


class TicketSort(StrEnum):
    UPDATED_DESC = "-updated_at"
    UPDATED = "updated_at"
    CREATED_DESC = "-created_at"
    CREATED = "created_at"
    PRIORITY_DESC = "-priority"
    SLA_DUE = "sla_due_at"  # nearest SLA deadline first; tickets without one last


class TicketFilters(PageParams):
    status: list[Status] | None = Field(None, description="Repeat for several statuses.")
    priority: Priority | None = None
    team: Id | None = Field(None, description="Team id.")
    assignee: str | None = Field(
        None, pattern=r"^(me|none|[1-9]\d{0,17})$", description="An agent id, `me` or `none`."
    )
    requester: Id | None = Field(None, description="Contact id of the requester.")
    tag: str | None = None
    updated_since: datetime | None = Field(None, description="ISO 8601 date and time.")
    sort: TicketSort = TicketSort.UPDATED_DESC


class RequesterRef(Schema):
    id: int
    name: str
    email: str


class TicketOut(Schema):
    id: int
    number: int
    subject: str
    status: Status
    priority: Priority
    type: TicketType
    channel: str
    requester: RequesterRef
    organization_id: int | None
    assignee_id: int | None
    team_id: int | None
    tier: int
    tags: list[str]
    custom_fields: dict[str, Any]
    version: int
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    sla_due_at: datetime | None = Field(
        None, description="The nearest deadline of the ticket's running SLA targets."
    )
    sla: list[SlaTargetOut] = Field(
        [], description="Every SLA target that applies or applied to the ticket, oldest first."
    )

    @staticmethod
    def resolve_tags(obj: Ticket) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_sla(obj: Ticket) -> list[SlaClock]:
        return ticket_clocks(obj)


class TicketPage(Paged):
    items: list[TicketOut]


class NewRequester(Schema):
    email: EmailAddress = Field(..., min_length=1)
    name: str = Field("", max_length=200)


class TicketIn(Schema):
    requester: NewRequester | None = Field(
        None, description="Found by email or created; or give `requester_id`."
    )
    requester_id: Id | None = None
    subject: NonBlank = Field(..., max_length=300)
    body: str = ""
    body_html: str = ""
    internal: bool = Field(False, description="With `author: agent`, the first message is a note.")
    author: Literal["requester", "agent"] = Field(
        "requester", description="Whose first message this is: the customer's or the agent's."
    )
    priority: Priority = Priority.NORMAL
    type: TicketType = TicketType.QUESTION
    team_id: Id | None = None
    assignee_id: Id | None = None
    tags: list[str] = []
    custom_fields: dict[str, Any] = {}

    @model_validator(mode="after")
    def _one_requester(self) -> "TicketIn":
        if (self.requester is None) == (self.requester_id is None):
            raise ValueError(_("Give exactly one of requester and requester_id"))
        if not (self.body.strip() or self.body_html.strip()):
            raise ValueError(_("A ticket needs a first message: body or body_html"))
        return self


class TicketPatch(Schema):
    """Only the fields sent are changed; send `version` (or `If-Match`) to avoid overwriting."""

    subject: Omittable[NonBlank] = Field(None, max_length=300)
    status: Omittable[Status] = None
    priority: Omittable[Priority] = None
    type: Omittable[TicketType] = None
    assignee_id: Id | None = Field(None, description="null unassigns.")
    team_id: Id | None = Field(None, description="null removes the team.")
    tier: Omittable[int] = Field(None, ge=1, le=3)
    tags: Omittable[list[str]] = Field(None, description="Replaces the ticket's tags.")
    custom_fields: Omittable[dict[str, Any]] = Field(
        None, description="Merged into the ticket's fields; a null value removes a key."
    )
    requester_id: Omittable[int] = None
    version: int | None = Field(None, description="The version you last read.")


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    inline: bool


class MessageOut(Schema):
    id: int
    kind: str
    direction: str
    channel: str
    author_kind: str
    author_agent_id: int | None
    author_contact_id: int | None
    subject: str
    body_text: str
    body_html: str
    delivery_status: str
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Any]:
        return list(obj.attachments.all())


class MessagePage(Paged):
    items: list[MessageOut]


class MessageIn(Schema):
    body: str = ""
    body_html: str = ""
    internal: bool = Field(False, description="An internal note instead of a public reply.")
    status: Status | None = Field(None, description="Set the status with a public reply.")
    version: int | None = Field(None, description="The ticket version you last read.")


class EventOut(Schema):
    id: int
    kind: str
    actor_kind: str
    actor_agent_id: int | None
    actor_contact_id: int | None
    message_id: int | None
    data: dict[str, Any]
    created_at: datetime


class EventPage(Paged):
    items: list[EventOut]
