"""Keeping the search index current, and building it for data already there.

- Tickets and messages: ``on_change``, a ``fyr.tickets.hooks`` observer (registered in
  ``SearchConfig.ready``), indexes each new message (received, reply, internal note) and the
  ticket's subject when it is created or changed. On the mail path that is one statement per
  message; two for a message that opens a ticket (ticket, message), three when its sender is new
  (``fyr.customers.services.identify`` indexes the new contact).
  Merged tickets need nothing: their messages move to the target (the message index joins the
  message row for its ticket) and searches skip tickets merged into another.
- Contacts: ``contact_changed`` (called by ``fyr.customers.services`` on create, including the
  mail path's ``identify``, edit, a new address, merge) and ``organization_changed`` (a rename).
- Articles: ``article_changed`` / ``article_removed`` (called by the knowledge services).
- Everything: ``reindex`` (``fyr reindex [--scope …]``), in batches, for existing installs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction

from fyr.search import backends, text
from fyr.search.backends import Doc

_MESSAGE_EVENTS = {"message_received", "reply_sent", "note_added"}
_TICKET_EVENTS = {"created", "subject_changed"}


def on_change(change: Any) -> None:
    """Index what a saved ticket change wrote: new messages, a new or changed subject."""
    ticket = change.ticket
    kinds = change.kinds
    if kinds & _TICKET_EVENTS:
        backends.put(
            "ticket",
            [_ticket_doc(ticket.pk, ticket.subject, ticket.number)],
            new="created" in kinds,
        )
    docs = [
        _message_doc(event.message.pk, event.message.body_text)
        for event in change.events
        if event.kind in _MESSAGE_EVENTS and event.message_id is not None
    ]
    backends.put("message", docs, new=True)


def article_changed(article_id: int) -> None:
    """(Re)index one article: call after create, edit, publish, archive, restore."""
    from fyr.knowledge.models import Article

    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        article_removed(article_id)
        return
    backends.put("article", [_article_doc(article)])


def article_removed(article_id: int) -> None:
    """Drop one article from the index: call before or after deleting it."""
    backends.delete("article", [article_id])


def contact_changed(contact_id: int) -> None:
    """(Re)index one contact (a merged one leaves the index: its target is found instead)."""
    if not backends.put_contacts(contact_id):
        backends.delete("contact", [contact_id])


def organization_changed(organization_id: int) -> None:
    """(Re)index an organization's contacts (its name is in each one's document)."""
    backends.put_contacts(None, organization_id=organization_id)


# --- documents ----------------------------------------------------------------------------------


def _ticket_doc(ticket_id: int, subject: str, number: int) -> Doc:
    return Doc(ticket_id, (f"{subject} {number}",), text.detect_language(subject))


def _message_doc(message_id: int, body: str) -> Doc:
    return Doc(message_id, (body,), text.detect_language(body))


def _article_doc(article: Any) -> Doc:
    return Doc(
        article.pk, (article.title, article.summary, article.body_markdown), article.language
    )


# --- building the whole index -------------------------------------------------------------------

SCOPES = ("tickets", "contacts", "articles")


def reindex(
    scopes: tuple[str, ...] = SCOPES,
    *,
    batch: int = 2000,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Rebuild the index of ``scopes`` from the database, ``batch`` rows per statement; returns
    how many rows of each kind were indexed."""
    from fyr.knowledge.models import Article
    from fyr.tickets.models import Message, Ticket

    done: dict[str, int] = {}

    def build(kind: str, rows: Iterator[list[Doc]]) -> None:
        with transaction.atomic():
            backends.clear(kind)
        count = 0
        for docs in rows:
            with transaction.atomic():
                backends.put(kind, docs, new=True)
            count += len(docs)
            if progress:
                progress(kind, count)
        done[kind] = count

    if "tickets" in scopes:
        build(
            "ticket",
            _batches(
                Ticket.objects.values_list("id", "subject", "number"),
                batch,
                lambda r: _ticket_doc(*r),
            ),
        )
        build(
            "message",
            _batches(
                Message.objects.values_list("id", "body_text"), batch, lambda r: _message_doc(*r)
            ),
        )
    if "contacts" in scopes:
        with transaction.atomic():
            backends.clear("contact")
            done["contact"] = backends.put_contacts(None)
    if "articles" in scopes:
        build("article", _batches(Article.objects.all(), min(batch, 200), _article_doc))
    return done


def _batches(queryset: Any, size: int, make: Callable[[Any], Doc]) -> Iterator[list[Doc]]:
    """``queryset``'s rows as documents, ``size`` at a time, by ascending id (keyset: each
    batch is one indexed range read, however large the table)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield [make(row) for row in chunk]
        first = chunk[-1]
        last = first[0] if isinstance(first, tuple) else first.pk
