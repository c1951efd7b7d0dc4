"""Desk views for routing: the availability switch, the tier form, the settings page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from fyr.accounts.choices import AssignmentMode, Role
from fyr.accounts.models import Team, User
from fyr.core.decorators import admin_required
from fyr.core.htmx import render_page
from fyr.core.pagination import InvalidCursor, paginate
from fyr.core.typing import AgentRequest
from fyr.routing import services as routing
from fyr.routing.forms import (
    AgentRoutingForm,
    AvailabilityForm,
    SkillRuleForm,
    TeamModeForm,
    TierForm,
)
from fyr.routing.models import SkillRule
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket
from fyr.tickets.queries import visible_tickets

AGENTS_PAGE = 50


# --- availability (every agent, from the top bar) ----------------------------------------------


@login_required
@require_POST
def availability(request: AgentRequest) -> HttpResponse:
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        routing.set_availability(request.user, form.cleaned_data["availability"])
    else:
        messages.error(request, _("Choose online, away or offline"))
    if request.htmx:
        context = {"user": request.user, "next": request.POST.get("next", "")}
        return render_page(request, "routing/partials/availability.html", context)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("desk:inbox")
    return redirect(target)


# --- escalate / de-escalate (the ticket page) --------------------------------------------------


@login_required
@require_POST
def change_tier(request: AgentRequest, number: int) -> HttpResponse:
    """Escalate when the tier chosen is higher, de-escalate when it is lower."""
    ticket = visible_tickets(request.user).select_related("team").filter(number=number).first()
    if ticket is None:
        raise Http404(_("No such ticket"))
    form = TierForm(request.POST)
    if form.is_valid():
        try:
            _apply_tier(request, ticket, form)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _after_tier_change(request, ticket)
    if request.htmx:  # the form again, with what is wrong
        context = {"ticket": ticket, "tier_form": form, "can_edit": request.user.can_reply}
        return render_page(request, "routing/partials/escalate.html", context)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("desk:ticket", number=ticket.number)


def _apply_tier(request: AgentRequest, ticket: Ticket, form: TierForm) -> None:
    tier = form.cleaned_data["tier"]
    if tier == ticket.tier:
        raise ValidationError({"tier": _("Choose a tier other than the current one")})
    change = routing.escalate if tier > ticket.tier else routing.de_escalate
    try:
        change(
            ticket,
            actor=Actor.of_agent(request.user),
            tier=tier,
            team=form.cleaned_data["team"],
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied as exc:
        raise ValidationError(str(exc)) from exc


def _add_errors(form: TierForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _after_tier_change(request: AgentRequest, ticket: Ticket) -> HttpResponse:
    """Back to the ticket, or to the inbox when it moved to a team the agent cannot see."""
    if visible_tickets(request.user).filter(pk=ticket.pk).exists():
        target = reverse("desk:ticket", args=[ticket.number])
    else:
        messages.success(
            request, _("Ticket #%(number)s moved to another team") % {"number": ticket.number}
        )
        target = reverse("desk:inbox")
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


# --- settings (administrators) -----------------------------------------------------------------


@admin_required
@require_GET
def settings_page(request: AgentRequest) -> HttpResponse:
    """Teams' assignment modes, agents' capacity and skills, and the skill rules."""
    return render_page(
        request, "routing/settings.html", _settings_context(request, SkillRuleForm())
    )


def _settings_context(request: AgentRequest, rule_form: SkillRuleForm) -> dict[str, Any]:
    agents = (
        User.objects.filter(is_active=True, role__in=(Role.AGENT, Role.ADMIN))
        .annotate(open_work=_open_work_of_user())
        .prefetch_related("skills")
    )
    try:
        page = paginate(
            agents, ordering=("name", "id"), cursor=request.GET.get("cursor"), limit=AGENTS_PAGE
        )
    except InvalidCursor:
        page = paginate(agents, ordering=("name", "id"), cursor=None, limit=AGENTS_PAGE)
    return {
        "teams": Team.objects.order_by("name").annotate(
            waiting=Count(
                "tickets",
                filter=Q(tickets__assignee__isnull=True, tickets__status__in=routing.OPEN_WORK),
            )
        ),
        "modes": AssignmentMode.choices,
        "agents": page.items,
        "next_cursor": page.next_cursor,
        "rules": SkillRule.objects.select_related("skill"),
        "rule_form": rule_form,
    }


def _open_work_of_user() -> Coalesce:
    counted = (
        Ticket.objects.filter(assignee_id=OuterRef("pk"), status__in=routing.OPEN_WORK)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@admin_required
@require_POST
def team_mode(request: AgentRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    form = TeamModeForm(request.POST)
    if form.is_valid():
        routing.set_assignment_mode(team, form.cleaned_data["assignment_mode"])
        messages.success(request, _("%(team)s: assignment saved") % {"team": team.name})
    else:
        messages.error(request, _("Choose one of the assignment modes"))
    return redirect("desk:routing")


@admin_required
@require_POST
def agent_routing(request: AgentRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk, is_active=True)
    form = AgentRoutingForm(request.POST)
    if form.is_valid():
        routing.set_capacity(user, form.cleaned_data["max_open_tickets"])
        routing.set_skills(user, form.skill_names())
        messages.success(request, _("%(agent)s: capacity and skills saved") % {"agent": user})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{user}: {error}")
    return redirect("desk:routing")


@admin_required
@require_POST
def rule_create(request: AgentRequest) -> HttpResponse:
    form = SkillRuleForm(request.POST)
    if form.is_valid():
        try:
            routing.create_skill_rule(**form.cleaned_data)
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("The skill rule is saved"))
            return redirect("desk:routing")
    context = _settings_context(request, form)
    return render_page(request, "routing/settings.html", context, status=400)


@admin_required
@require_POST
def rule_delete(request: AgentRequest, pk: int) -> HttpResponse:
    routing.delete_skill_rule(get_object_or_404(SkillRule, pk=pk))
    messages.success(request, _("The skill rule is deleted"))
    return redirect("desk:routing")
