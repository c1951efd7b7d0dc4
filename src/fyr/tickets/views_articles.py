"""The ticket page's "Suggested articles" panel: knowledge for the agent answering a ticket.

The panel loads after the page (htmx), so finding articles never slows the ticket down. It
suggests articles for the ticket's subject and first message in the requester's language, finds
others by search, and gives each published article two ways into the reply box: its public link
(public articles only) and its text. A solved or closed ticket can become a draft article.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fyr.core.htmx import render_page
from fyr.core.typing import AgentRequest
from fyr.knowledge import services as knowledge
from fyr.knowledge.choices import ArticleStatus
from fyr.knowledge.links import MAX_QUERY, article_public_url
from fyr.knowledge.models import Article
from fyr.knowledge.queries import visible_articles
from fyr.search.services import search, suggest_articles
from fyr.tickets.choices import Direction, MessageKind, Status
from fyr.tickets.models import Ticket
from fyr.tickets.views import ticket_for

#: Suggestions shown for a ticket, and search results per page, in the panel.
SUGGESTIONS = 5
SEARCH_PAGE_SIZE = 10
#: How much of the first message goes into the suggestion query (the start says what it's about).
QUESTION_CHARS = 2_000
#: Tickets in these states are answered: what was learnt can become an article.
DRAFTABLE = (Status.SOLVED, Status.CLOSED)


def article_editor_url(article: Article) -> str:
    """Where a new draft opens: the knowledge base's editor in the desk."""
    return reverse("desk:kb_article_edit", kwargs={"pk": article.pk})


def ticket_question(ticket: Ticket) -> str:
    """The subject and the customer's first message: what the ticket asks."""
    first = (
        ticket.messages.filter(direction=Direction.INBOUND, kind=MessageKind.REPLY)
        .order_by("created_at", "id")
        .values_list("body_text", flat=True)
        .first()
    )
    return f"{ticket.subject}\n{(first or '')[:QUESTION_CHARS]}".strip()


def _published(user: Any, ids: list[int]) -> list[Article]:
    """The published articles among ``ids`` that ``user`` may read, in the order of ``ids``."""
    if not ids:
        return []
    found = visible_articles(user).filter(pk__in=ids, status=ArticleStatus.PUBLISHED)
    by_id = {article.pk: article for article in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def insertions(article: Article) -> dict[str, str]:
    """What "Insert link" and "Insert text" put into the reply: a public article's title and
    portal address (internal articles have none), and the article's own Markdown text."""
    return {
        "link": f"{article.title}: {article_public_url(article.pk)}" if article.is_public else "",
        "text": article.body_markdown.strip(),
    }


def _rows(user: Any, hits: list[Any]) -> list[dict[str, Any]]:
    articles = _published(user, [hit.id for hit in hits])
    snippets = {hit.id: hit.snippet for hit in hits}
    return [{"article": a, "snippet": snippets.get(a.pk, ""), **insertions(a)} for a in articles]


@login_required
@require_GET
def ticket_articles(request: AgentRequest, number: int) -> HttpResponse:
    """The panel: suggestions for the ticket, or, with ``q``, a page of search results."""
    ticket = ticket_for(request, number)
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    cursor = request.GET.get("cursor") or None
    problem = ""
    next_url = ""
    if query:
        try:
            page = search(
                query, scope="articles", user=request.user, cursor=cursor, limit=SEARCH_PAGE_SIZE
            )
        except ValidationError as exc:
            problem = " ".join(exc.messages)
            rows: list[dict[str, Any]] = []
        else:
            rows = _rows(request.user, [hit for hit in page.items if hit.kind == "article"])
            if page.next_cursor:
                next_url = (
                    reverse("desk:ticket_articles", args=[ticket.number])
                    + "?"
                    + urlencode({"q": query, "cursor": page.next_cursor})
                )
    else:
        hits = suggest_articles(
            ticket_question(ticket),
            language=ticket.requester.language or None,
            public_only=False,
            limit=SUGGESTIONS,
        )
        rows = _rows(request.user, hits)
    context = {
        "ticket": ticket,
        "query": query,
        "rows": rows,
        "problem": problem,
        "next_url": next_url,
        "can_draft": ticket.status in DRAFTABLE and knowledge.may_write(request.user),
    }
    return render_page(
        request,
        "tickets/ticket_articles.html",
        context,
        partial="tickets/partials/_article_suggestions.html",
    )


@login_required
@require_POST
def ticket_article_draft(request: AgentRequest, number: int) -> HttpResponse:
    """Create a draft article from a solved or closed ticket and open it in the editor."""
    ticket = ticket_for(request, number)
    try:
        article = knowledge.draft_from_ticket(ticket, author=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("desk:ticket", number=ticket.number)
    messages.success(
        request, _("Draft article created from ticket #%(number)s.") % {"number": ticket.number}
    )
    return redirect(article_editor_url(article))
