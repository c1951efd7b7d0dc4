"""The desk's review of bot answers (``desk:bot_turns``): every answer the bot gave, filtered by
low confidence, hand-over or date, each markable good or bad with a note."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fyr.bot import conf, queries, services
from fyr.bot.choices import Verdict
from fyr.bot.models import BotTurn
from fyr.core.pagination import InvalidCursor, paginate
from fyr.core.typing import AgentRequest
from fyr.knowledge.models import Article

PAGE_SIZE = 50


def _day(value: str | None, errors: list[str], label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(_("%(field)s is not a date (YYYY-MM-DD)") % {"field": label})
        return None


@login_required
@require_GET
def turn_list(request: AgentRequest) -> HttpResponse:
    errors: list[str] = []
    show = request.GET.get("show") or ""
    if show not in queries.SHOWS:
        errors.append(_("Unknown filter"))
        show = queries.ALL
    since = _day(request.GET.get("from"), errors, _("From"))
    until = _day(request.GET.get("to"), errors, _("To"))
    rows = queries.turns(show=show, since=since, until=until)
    cursor = request.GET.get("cursor") or None
    try:
        page = paginate(rows, ordering=queries.NEWEST_FIRST, cursor=cursor, limit=PAGE_SIZE)
    except InvalidCursor as exc:
        errors.extend(exc.messages)
        page = paginate(rows, ordering=queries.NEWEST_FIRST, cursor=None, limit=PAGE_SIZE)
    ids = {turn.article_ids[0] for turn in page.items if turn.article_ids}
    titles = dict(Article.objects.filter(pk__in=ids).values_list("id", "title"))
    filters = {"show": show, "from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    context = {
        "page": page,
        "rows": [
            {"turn": t, "title": titles.get(t.article_ids[0]) if t.article_ids else None}
            for t in page.items
        ],
        "errors": errors,
        "filters": filters,
        "shows": [
            (queries.ALL, _("All answers")),
            (queries.LOW_CONFIDENCE, _("Low confidence")),
            (queries.HANDED_OVER, _("Handed over")),
            (queries.UNREVIEWED, _("Not reviewed")),
            (queries.BAD, _("Marked bad")),
        ],
        "verdicts": Verdict.choices,
        "threshold": conf.min_confidence(),
        "next_url": "?" + urlencode({**filters, "cursor": page.next_cursor})
        if page.next_cursor
        else "",
    }
    return render(request, "bot/turn_list.html", context, status=422 if errors else 200)


@login_required
@require_POST
def turn_review(request: AgentRequest, pk: int) -> HttpResponse:
    turn = get_object_or_404(BotTurn, pk=pk)
    try:
        services.review(
            turn,
            by=request.user,
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Review saved"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "desk:bot_turns")
