"""What every channel hands to the core: a plain description of one incoming message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fyr.customers.services import Identity


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass(frozen=True)
class ThreadHints:
    """Clues a channel found about which ticket a message continues.

    ``ticket_id`` is for channels that already know (a portal reply, a chat session) and have
    checked the sender may write there. ``reply_to`` lists external ids of earlier messages
    (e.g. Message-IDs from In-Reply-To/References). ``ticket_number`` is a token such as ``[#1234]``;
    it is trusted only when the sender already takes part in that ticket.
    """

    ticket_id: int | None = None
    reply_to: tuple[str, ...] = ()
    ticket_number: int | None = None


@dataclass(frozen=True)
class Inbound:
    channel: str
    sender: Identity
    text: str
    external_id: str | None = None
    subject: str = ""
    html: str = ""
    #: Quoted history and signature a channel folded away (mail); kept and shown on request.
    quoted_text: str = ""
    quoted_html: str = ""
    attachments: tuple[InboundAttachment, ...] = ()
    thread: ThreadHints = field(default_factory=ThreadHints)
    received_at: datetime | None = None
    team_id: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
