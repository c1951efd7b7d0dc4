"""The chatbot: answer a customer's question from the public articles, or hand over to a person.

The portal page and the API call exactly these two functions:

- ``ask(question, ...)`` answers with the best article's summary and a link to it, with a
  confidence; it hands over instead when the confidence is below ``FYR_BOT_MIN_CONFIDENCE``,
  when the customer asks for a person, after two answers in a row that did not help, or when the
  message is angry. Every answer (and every hand-over) is logged as a ``BotTurn``.
- ``hand_over(conversation, ...)`` opens a ticket through ``tickets.services.receive`` carrying
  the whole transcript, so the customer never has to repeat themselves. A signed-in contact is
  the sender; an anonymous visitor gives a name and an email address first.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fyr.bot import backends, conf, intent, retrieval
from fyr.bot import text as bot_text
from fyr.bot.choices import HandoverReason, Verdict
from fyr.bot.models import BotTurn, Conversation
from fyr.core import clock
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact
from fyr.knowledge import links
from fyr.tickets import services as tickets
from fyr.tickets.choices import Channel
from fyr.tickets.inbound import Inbound, ThreadHints
from fyr.tickets.models import Ticket

if TYPE_CHECKING:
    from fyr.accounts.models import User

log = logging.getLogger(__name__)

MAX_QUESTION = 1000
MAX_NAME = 200
#: Failed answers in a row before the bot hands over.
MAX_FAILURES = 2
#: Characters of the cited article's text used as the answer when it has no summary.
MAX_ANSWER = 600
SUBJECT_LENGTH = 80


@dataclass(frozen=True)
class Reply:
    """What the bot says to one message. ``articles`` are ids, the cited one first; ``reason``
    is a ``HandoverReason`` value (empty when it answered). ``ticket`` is set once the
    conversation has been handed over."""

    answer: str
    articles: list[int]
    confidence: float
    handover: bool
    reason: str
    conversation: Conversation
    ticket: Ticket | None = None
    language: str = ""
    titles: dict[int, str] = field(default_factory=dict)
    backend: str = ""


# --- conversations ----------------------------------------------------------------------------------


def start(*, contact: Contact | None = None, visitor: str = "", language: str = "") -> Conversation:
    now = clock.now()
    return Conversation.objects.create(
        token=secrets.token_urlsafe(24),
        contact=contact,
        visitor=visitor[:64],
        language=language,
        created_at=now,
        updated_at=now,
    )


def find(token: str) -> Conversation | None:
    """The conversation with this token, or ``None`` (unknown and malformed look the same)."""
    if not token or len(token) > 64:
        return None
    return Conversation.objects.select_related("ticket", "contact").filter(token=token).first()


def _language(
    question: str, language: str | None, conversation: Conversation | None, contact: Contact | None
) -> str:
    if language:
        if language not in bot_text.LANGUAGES:
            raise ValidationError({"language": _("Language must be sv or en")})
        return language
    fallback = (
        (conversation.language if conversation else "")
        or (contact.language if contact else "")
        or settings.LANGUAGE_CODE
    )
    if fallback not in bot_text.LANGUAGES:
        fallback = "sv"
    return bot_text.detect_language(question, default=fallback) or fallback


def _clean_question(question: str) -> str:
    cleaned = " ".join((question or "").split())
    if not cleaned:
        raise ValidationError({"question": _("Write a question")})
    if len(cleaned) > MAX_QUESTION:
        raise ValidationError(
            {"question": _("Keep the question under %(n)s characters") % {"n": MAX_QUESTION}}
        )
    if "\x00" in cleaned:
        raise ValidationError({"question": _("The question contains characters we cannot read")})
    return cleaned


# --- asking ----------------------------------------------------------------------------------------


def ask(
    question: str,
    *,
    language: str | None = None,
    conversation: Conversation | None = None,
    contact: Contact | None = None,
    visitor: str = "",
) -> Reply:
    """Answer ``question`` (or hand over) in ``conversation``, a new one when ``None``."""
    question = _clean_question(question)
    contact = contact or (conversation.contact if conversation else None)
    lang = _language(question, language, conversation, contact)
    with transaction.atomic():
        if conversation is None:
            conversation = start(contact=contact, visitor=visitor, language=lang)
        else:
            conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
            if contact is not None and conversation.contact_id is None:
                conversation.contact = contact
        conversation.language = lang
        if conversation.ticket_id is not None:
            return _after_handover(conversation, question, lang)
        reply = _decide(conversation, question, lang)
        if reply.handover and conversation.contact is not None:
            ticket = hand_over(conversation, contact=conversation.contact)
            conversation.refresh_from_db()
            reply = _with_ticket(reply, ticket)
        return reply


def _decide(conversation: Conversation, question: str, language: str) -> Reply:
    with translation.override(language):
        if intent.asks_for_person(question):
            return _handover(conversation, question, language, HandoverReason.ASKED_FOR_PERSON)
        if intent.is_angry(question):
            return _handover(conversation, question, language, HandoverReason.ANGRY)
        if intent.says_not_helpful(question):
            conversation.failures += 1
            if conversation.failures >= MAX_FAILURES:
                return _handover(conversation, question, language, HandoverReason.REPEATED_FAILURE)
            answer = _(
                "Sorry that did not help. Could you describe the problem in other words? "
                "You can also talk to a person."
            )
            return _log(conversation, question, language, answer=answer, backend="")
        result = retrieval.search(question, language, min_confidence=conf.min_confidence())
        best = result.best
        if best is None or result.confidence < conf.min_confidence():
            return _handover(
                conversation,
                question,
                language,
                HandoverReason.LOW_CONFIDENCE,
                result=result,
            )
        # The same article again: the customer is asking again, the last answer did not help.
        asked_again = _last_cited(conversation) == best.article_id
        conversation.failures = conversation.failures + 1 if asked_again else 0
        if conversation.failures >= MAX_FAILURES:
            return _handover(
                conversation, question, language, HandoverReason.REPEATED_FAILURE, result=result
            )
        answer, backend = _phrase(question, best, result)
        return _log(
            conversation,
            question,
            result.language,
            answer=answer,
            backend=backend,
            result=result,
        )


def _last_cited(conversation: Conversation) -> int | None:
    recent = conversation.turns.order_by("-created_at", "-id")[: MAX_FAILURES + 1]
    return next((turn.cited_id for turn in recent if turn.cited_id is not None), None)


def _phrase(question: str, best: retrieval.Hit, result: retrieval.Result) -> tuple[str, str]:
    """The answer text: the LLM's grounded phrasing when configured and working, else the
    article's summary (or its first paragraph)."""
    fallback = best.summary or best.lead or best.text[:MAX_ANSWER]
    if not backends.llm_enabled():
        return fallback, result.backend
    try:
        phrased = backends.phrase(
            question,
            title=best.title,
            article_text=f"{best.summary}\n\n{best.text}".strip(),
            language=result.language,
        )
    except backends.BackendError as exc:
        log.warning("bot: LLM failed, answering with the summary: %s", exc)
        return fallback, f"{result.backend} (llm failed: {exc})"
    return phrased[:2000], f"{result.backend}+llm"


def _handover(
    conversation: Conversation,
    question: str,
    language: str,
    reason: HandoverReason,
    *,
    result: retrieval.Result | None = None,
) -> Reply:
    conversation.handover_reason = reason
    conversation.failures = 0
    if conversation.contact is not None:
        answer = _("I am passing your question to a person in our team, with our conversation.")
    else:
        answer = _(
            "I will pass your question to a person in our team. Leave your name and email "
            "address and we will reply there."
        )
    return _log(
        conversation,
        question,
        language,
        answer=answer,
        backend=result.backend if result else "",
        result=result,
        reason=reason,
    )


def _log(
    conversation: Conversation,
    question: str,
    language: str,
    *,
    answer: str,
    backend: str,
    result: retrieval.Result | None = None,
    reason: str = "",
) -> Reply:
    hits = result.hits if result else []
    confidence = round(result.confidence, 4) if result else 0.0
    now = clock.now()
    BotTurn.objects.create(
        conversation=conversation,
        question=question,
        answer=answer,
        article_ids=[hit.article_id for hit in hits],
        confidence=confidence,
        language=language,
        handover=bool(reason),
        reason=reason,
        backend=backend[:200],
        created_at=now,
    )
    conversation.updated_at = now
    conversation.save()
    return Reply(
        answer=answer,
        articles=[hit.article_id for hit in hits] if not reason else [],
        confidence=confidence,
        handover=bool(reason),
        reason=reason,
        conversation=conversation,
        language=language,
        titles={hit.article_id: hit.title for hit in hits},
        backend=backend,
    )


def _with_ticket(reply: Reply, ticket: Ticket) -> Reply:
    with translation.override(reply.language or None):
        answer = _(
            "I have passed our conversation to a person in our team: ticket #%(number)s. "
            "We will reply to you there."
        ) % {"number": ticket.number}
    return Reply(
        answer=answer,
        articles=reply.articles,
        confidence=reply.confidence,
        handover=True,
        reason=reply.reason,
        conversation=reply.conversation,
        ticket=ticket,
        language=reply.language,
        titles=reply.titles,
        backend=reply.backend,
    )


def _after_handover(conversation: Conversation, question: str, language: str) -> Reply:
    """A message after the hand-over goes to the ticket, so the person sees it there."""
    ticket = conversation.ticket
    assert ticket is not None
    identity = _identity_of(conversation)
    tickets.receive(
        Inbound(
            channel=Channel.WEB,
            sender=identity,
            text=question,
            external_id=f"bot:{conversation.token}:{conversation.turns.count()}",
            thread=ThreadHints(ticket_id=ticket.pk),
            metadata={"via": "bot", "bot_conversation": conversation.pk},
        )
    )
    with translation.override(language):
        answer = _("I have added your message to ticket #%(number)s.") % {"number": ticket.number}
    reply = _log(
        conversation,
        question,
        language,
        answer=answer,
        backend="ticket",
        reason=conversation.handover_reason or HandoverReason.ASKED_FOR_PERSON,
    )
    return Reply(
        answer=answer,
        articles=[],
        confidence=0.0,
        handover=True,
        reason=reply.reason,
        conversation=conversation,
        ticket=ticket,
        language=language,
        backend="ticket",
    )


# --- handing over ----------------------------------------------------------------------------------


def _identity_of(conversation: Conversation) -> customers.Identity:
    contact = conversation.contact
    if contact is not None and contact.email:
        return customers.Identity(IdentityKind.EMAIL, contact.email, contact.name)
    if conversation.ticket is not None:
        requester = conversation.ticket.requester
        if requester.email:
            return customers.Identity(IdentityKind.EMAIL, requester.email, requester.name)
    raise ValidationError(_("We have no email address for you; please write to us instead."))


def hand_over(
    conversation: Conversation,
    *,
    name: str | None = None,
    email: str | None = None,
    contact: Contact | None = None,
) -> Ticket:
    """Open a ticket carrying the conversation's transcript (once: a second call returns the
    same ticket). ``contact`` (a signed-in customer) is the sender; otherwise ``name`` and
    ``email`` are required."""
    if conversation.ticket_id is not None:
        return conversation.ticket  # type: ignore[return-value]
    contact = contact or conversation.contact
    if contact is not None:
        if not contact.email:
            raise ValidationError(
                _("We have no email address for you; please write to us instead.")
            )
        sender = customers.Identity(IdentityKind.EMAIL, contact.email, contact.name)
    else:
        sender = _visitor_identity(name, email)
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.ticket_id is not None:
            return conversation.ticket  # type: ignore[return-value]
        received = tickets.receive(
            Inbound(
                channel=Channel.WEB,
                sender=sender,
                subject=_subject(conversation),
                text=transcript(conversation),
                external_id=f"bot:{conversation.token}",
                metadata={"via": "bot", "bot_conversation": conversation.pk},
            )
        )
        ticket = received.ticket
        conversation.ticket = ticket
        conversation.contact = conversation.contact or ticket.requester
        if not conversation.handover_reason:
            conversation.handover_reason = HandoverReason.ASKED_FOR_PERSON
        conversation.updated_at = clock.now()
        conversation.save()
        if conversation.visitor:
            from fyr.knowledge import services as knowledge

            knowledge.mark_request_sent(
                visitor=conversation.visitor, contact=ticket.requester, ticket=ticket
            )
    return ticket


def _visitor_identity(name: str | None, email: str | None) -> customers.Identity:
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = [_("Write your name")]
    elif len(name) > MAX_NAME:
        errors["name"] = [_("The name is too long")]
    address = ""
    try:
        address = customers.normalize(IdentityKind.EMAIL, email or "")
    except ValidationError as exc:
        errors["email"] = exc.messages if (email or "").strip() else [_("Write your email address")]
    if errors:
        raise ValidationError(errors)
    return customers.Identity(IdentityKind.EMAIL, address, name)


def _subject(conversation: Conversation) -> str:
    first = conversation.turns.order_by("created_at", "id").values_list("question", flat=True)
    question = next(iter(first), "")
    with translation.override(settings.LANGUAGE_CODE):
        if not question:
            return _("Chatbot: the customer asked for a person")
        if len(question) > SUBJECT_LENGTH:
            question = question[: SUBJECT_LENGTH - 1].rstrip() + "…"
        return _("Chatbot: %(question)s") % {"question": question}


def transcript(conversation: Conversation) -> str:
    """The conversation as the agent reads it on the ticket: who said what, which articles the
    bot cited (with links) and how confident it was, and why it handed over."""
    from fyr.knowledge.models import Article

    turns = list(conversation.turns.order_by("created_at", "id"))
    ids = {i for turn in turns for i in turn.article_ids[:1]}
    titles = dict(Article.objects.filter(pk__in=ids).values_list("id", "title"))
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("The customer talked to the chatbot before this ticket was opened."), ""]
        reason = HandoverReason(conversation.handover_reason or HandoverReason.ASKED_FOR_PERSON)
        lines.append(_("Handed over because: %(reason)s") % {"reason": reason.label})
        lines.append("")
        if not turns:
            lines.append(_("(The customer asked for a person before writing anything.)"))
        for turn in turns:
            at = formats.time_format(timezone.localtime(turn.created_at), "H:i")
            lines.append(_("[%(at)s] Customer: %(text)s") % {"at": at, "text": turn.question})
            cited = turn.cited_id
            if cited is not None:
                source = _('cited "%(title)s" (#%(id)s) %(url)s') % {
                    "title": titles.get(cited, "?"),
                    "id": cited,
                    "url": links.article_public_url(cited),
                }
                lines.append(
                    _("[%(at)s] Bot (confidence %(confidence)s, %(source)s): %(text)s")
                    % {
                        "at": at,
                        "confidence": f"{turn.confidence:.2f}",
                        "source": source,
                        "text": turn.answer,
                    }
                )
            else:
                detail = (
                    _("hand-over: %(reason)s") % {"reason": HandoverReason(turn.reason).label}
                    if turn.handover
                    else _("no article")
                )
                lines.append(
                    _("[%(at)s] Bot (confidence %(confidence)s, %(detail)s): %(text)s")
                    % {
                        "at": at,
                        "confidence": f"{turn.confidence:.2f}",
                        "detail": detail,
                        "text": turn.answer,
                    }
                )
        return "\n".join(lines)


# --- review ----------------------------------------------------------------------------------------

MAX_NOTE = 500


def review(turn: BotTurn, *, by: User, verdict: str, note: str = "") -> BotTurn:
    """An agent marks one bot answer good or bad (or clears the mark), with a note."""
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose good or bad")})
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under %(n)s characters") % {"n": MAX_NOTE}})
    turn.verdict = verdict
    turn.review_note = note
    turn.reviewed_by = by if verdict or note else None
    turn.reviewed_at = clock.now() if verdict or note else None
    turn.save(update_fields=["verdict", "review_note", "reviewed_by", "reviewed_at"])
    return turn
