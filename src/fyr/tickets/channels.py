"""The registry through which channel apps plug into the core.

Each channel app registers an adapter from its ``AppConfig.ready()``; the core looks the adapter
up by a ticket's channel when a reply must go out. The core never imports a channel app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from fyr.tickets.models import Message


class RetryLater(Exception):
    """A temporary failure (the server is down, a 4xx answer): the delivery task tries again
    later; after the last attempt the message is marked failed with this reason."""


class ChannelAdapter(Protocol):
    def deliver(self, message: Message) -> str | None:
        """Send ``message`` to the customer; return the channel's id for it, if any.

        Raise ``RetryLater`` for a temporary failure, any other exception to mark delivery as
        failed (the task records it with the exception's text).
        """


_adapters: dict[str, ChannelAdapter] = {}
_fallback: list[ChannelAdapter] = []


def register(channel: str, adapter: ChannelAdapter) -> None:
    _adapters[channel] = adapter


def register_fallback(adapter: ChannelAdapter) -> None:
    """The adapter for channels without their own (e.g. a notification with a portal link)."""
    _fallback[:] = [adapter]


def adapter_for(channel: str) -> ChannelAdapter | None:
    return _adapters.get(channel) or (_fallback[0] if _fallback else None)
