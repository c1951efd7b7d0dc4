"""The assistant in the portal (``portal:bot:home``): a chat that works as plain form posts and
is enhanced with htmx (the same view answers with the chat partial).

The conversation's token lives in the session, so a visitor only ever sees their own. The view
calls ``services.ask`` and ``services.hand_over``, nothing else that writes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from fyr.bot import services
from fyr.bot import text as bot_text
from fyr.bot.models import Conversation
from fyr.core.htmx import render_page
from fyr.customers.models import Contact
from fyr.knowledge import links
from fyr.knowledge.models import Article
from fyr.knowledge.visitors import visitor_key
from fyr.portal.services import session_contact

SESSION_KEY = "bot_conversation"
ASKING_DETAILS = "bot_asking_details"


def _conversation(request: HttpRequest) -> Conversation | None:
    token = request.session.get(SESSION_KEY)
    return services.find(token) if isinstance(token, str) else None


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    contact = session_contact(request)
    conversation = _conversation(request)
    errors: dict[str, list[str]] = {}
    values = {"question": "", "name": contact.name if contact else "", "email": ""}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if action == "restart":
        request.session.pop(SESSION_KEY, None)
        request.session.pop(ASKING_DETAILS, None)
        conversation = None
    elif action == "ask":
        values["question"] = request.POST.get("question", "")
        try:
            reply = services.ask(
                values["question"],
                language=bot_text.detect_language(values["question"], default=language),
                conversation=conversation,
                contact=contact,
                visitor=visitor_key(request),
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"question": exc.messages}
        else:
            conversation = reply.conversation
            request.session[SESSION_KEY] = conversation.token
            values["question"] = ""
            if reply.handover and reply.ticket is None:
                request.session[ASKING_DETAILS] = True
    elif action == "handover":
        if conversation is None:
            conversation = services.start(
                contact=contact, visitor=visitor_key(request), language=language
            )
            request.session[SESSION_KEY] = conversation.token
        if contact is not None:
            errors = _hand_over(conversation, contact=contact)
        else:
            request.session[ASKING_DETAILS] = True
    elif action == "details" and conversation is not None:
        values["name"] = request.POST.get("name", "")
        values["email"] = request.POST.get("email", "")
        errors = _hand_over(conversation, name=values["name"], email=values["email"])
        if not errors:
            request.session.pop(ASKING_DETAILS, None)
    if conversation is not None:
        conversation.refresh_from_db()
    context = _context(request, conversation, contact, errors, values)
    status = 422 if errors else 200
    return render_page(
        request, "bot/home.html", context, partial="bot/partials/_chat.html", status=status
    )


def _hand_over(conversation: Conversation, **who: Any) -> dict[str, list[str]]:
    try:
        services.hand_over(conversation, **who)
    except ValidationError as exc:
        return exc.message_dict if hasattr(exc, "error_dict") else {"email": exc.messages}
    return {}


def _context(
    request: HttpRequest,
    conversation: Conversation | None,
    contact: Contact | None,
    errors: dict[str, list[str]],
    values: dict[str, str],
) -> dict[str, Any]:
    turns = list(conversation.turns.order_by("created_at", "id")) if conversation else []
    ids = {i for turn in turns for i in turn.article_ids[:3]}
    titles = dict(Article.objects.filter(pk__in=ids).values_list("id", "title"))
    messages = []
    for turn in turns:
        cited = turn.cited_id
        messages.append(
            {
                "turn": turn,
                "cited": (
                    {
                        "title": titles.get(cited),
                        "url": _article_path(cited, turn.question),
                    }
                    if cited and cited in titles
                    else None
                ),
                "more": [
                    {"title": titles[i], "url": _article_path(i, turn.question)}
                    for i in turn.article_ids[1:3]
                    if i in titles and not turn.handover
                ],
                "percent": round(turn.confidence * 100),
            }
        )
    ticket = conversation.ticket if conversation else None
    asking = bool(
        conversation
        and ticket is None
        and contact is None
        and (request.session.get(ASKING_DETAILS) or conversation.handover_reason)
    )
    return {
        "company_name": settings.COMPANY_NAME,
        "portal_contact": contact,
        "conversation": conversation,
        "messages": messages,
        "ticket": ticket,
        "asking_details": asking,
        "errors": errors,
        "values": values,
    }


def _article_path(article_id: int, question: str) -> str:
    """The portal path of a cited article, marked as the bot's suggestion (deflection)."""
    return links.article_path(article_id, suggested=links.SUGGESTED_FROM_BOT, query=question)
