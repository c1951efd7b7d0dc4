"""Routing: which agent gets a ticket, when waiting tickets are handed out, and support tiers.

Open work, the measure capacity is checked against, is an agent's tickets in status **new or
open**. Pending and on-hold tickets do not count: they wait for the customer or a third party,
and an agent with twenty tickets on hold has room for new work. When such a ticket comes back to
open it counts again, so an agent can end up above capacity by the customers' doing; routing
then gives them nothing until they are below it again, but never takes work away.

Every decision is one SQL query (skills: two) whatever the team size: agents' open work is
read from ``AgentLoad`` (see ``fyr.routing.loads``), one row per member, rather than counted
from their tickets. A team's assignment mode and the skill rules are read from
``fyr.core.configcache``, so the observer below costs no query on a change that cannot matter to
routing (a message on an assigned ticket, a note, a tag).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import translation
from django.utils.translation import gettext as _

from fyr.accounts.choices import AssignmentMode, Availability
from fyr.accounts.models import Skill, Team, TeamMembership, User
from fyr.core import clock, configcache
from fyr.routing import loads, queries
from fyr.routing.loads import OPEN_WORK
from fyr.routing.models import SkillRule
from fyr.tickets import hooks
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, TicketType
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket

if TYPE_CHECKING:
    from fyr.tickets.hooks import Change

#: Routed modes: every mode but manual.
ROUTED = (AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_OPEN, AssignmentMode.SKILLS)
#: Waiting tickets handed out per call of ``assign_waiting``; the periodic job does the rest.
WAITING_BATCH = 100

TEAM_MODES_KEY = "routing.team_modes"  # also forgotten by fyr.accounts when a team is saved
SKILL_RULES_KEY = "routing.skill_rules"

_ROUTABLE_KINDS = frozenset(
    {
        EventKind.CREATED,
        EventKind.TEAM_CHANGED,
        EventKind.REOPENED,
        EventKind.STATUS_CHANGED,
        EventKind.ASSIGNEE_CHANGED,
    }
)


# --- configuration, cached ---------------------------------------------------------------------


def team_modes() -> dict[int, str]:
    """Routed teams' modes by team id (manual teams are left out)."""
    return configcache.get(TEAM_MODES_KEY, _load_team_modes)


def _load_team_modes() -> dict[int, str]:
    rows = Team.objects.exclude(assignment_mode=AssignmentMode.MANUAL).values_list(
        "pk", "assignment_mode"
    )
    return dict(rows)


@dataclass(frozen=True)
class _Rules:
    by_tag: dict[str, frozenset[int]]
    by_type: dict[str, frozenset[int]]
    by_language: dict[str, frozenset[int]]


def _skill_rules() -> _Rules:
    return configcache.get(SKILL_RULES_KEY, _load_skill_rules)


def _load_skill_rules() -> _Rules:
    tables: dict[str, dict[str, set[int]]] = {"tag": {}, "type": {}, "language": {}}
    for rule in SkillRule.objects.all():
        value = rule.tag or rule.ticket_type or rule.language
        tables[rule.condition_kind].setdefault(value, set()).add(rule.skill_id)

    def frozen(table: dict[str, set[int]]) -> dict[str, frozenset[int]]:
        return {key: frozenset(ids) for key, ids in table.items()}

    return _Rules(frozen(tables["tag"]), frozen(tables["type"]), frozen(tables["language"]))


def required_skills(*, tags: Iterable[str], ticket_type: str, language: str) -> set[int]:
    """Ids of the skills a ticket with these tags, type and requester language needs.

    A rule for ``en`` matches a requester writing ``en`` or ``en-GB``."""
    rules = _skill_rules()
    needed: set[int] = set()
    for tag in tags:
        needed |= rules.by_tag.get(tag, frozenset())
    needed |= rules.by_type.get(ticket_type, frozenset())
    language = language.strip().lower()
    if language:
        needed |= rules.by_language.get(language, frozenset())
        needed |= rules.by_language.get(language.split("-")[0], frozenset())
    return needed


# --- availability, capacity, skills, modes -----------------------------------------------------


def set_availability(user: User, availability: str) -> User:
    """Set whether ``user`` takes work now; coming online hands them waiting tickets."""
    value = Availability(availability)  # ValueError for anything else
    if user.availability == value:
        return user
    User.objects.filter(pk=user.pk).update(availability=value)
    user.availability = value
    if value == Availability.ONLINE:
        _assign_waiting_for(user.pk)
    return user


def set_capacity(user: User, capacity: int | None) -> User:
    """The most open tickets routing gives ``user``; ``None`` is no limit."""
    if capacity is not None and not 0 <= capacity <= 32767:
        raise ValidationError({"max_open_tickets": _("Capacity is a number from 0 to 32767")})
    raised = capacity is None or (
        user.max_open_tickets is not None and capacity > user.max_open_tickets
    )
    User.objects.filter(pk=user.pk).update(max_open_tickets=capacity)
    user.max_open_tickets = capacity
    if raised:
        _assign_waiting_for(user.pk)
    return user


def set_skills(user: User, names: Sequence[str]) -> list[str]:
    """Replace ``user``'s skills with ``names`` (created when new); returns them sorted."""
    wanted = sorted({name.strip()[:100] for name in names if name.strip()})
    with transaction.atomic():
        skills = [Skill.objects.get_or_create(name=name)[0] for name in wanted]
        user.skills.set(skills)
    return wanted


def set_assignment_mode(team: Team, mode: str) -> Team:
    """Change how ``team``'s tickets find an agent; a routed mode hands out its waiting tickets."""
    value = AssignmentMode(mode)
    Team.objects.filter(pk=team.pk).update(assignment_mode=value)
    team.assignment_mode = value
    configcache.forget(TEAM_MODES_KEY)
    if value in ROUTED:
        assign_waiting(team, clock.now())
    return team


def create_skill_rule(
    *, skill: str, tag: str = "", ticket_type: str = "", language: str = ""
) -> SkillRule:
    """A rule giving tickets a required skill; exactly one condition (``ValidationError``)."""
    rule = SkillRule()
    return _save_rule(rule, skill=skill, tag=tag, ticket_type=ticket_type, language=language)


def update_skill_rule(rule: SkillRule, **fields: str) -> SkillRule:
    """Change a rule's skill or condition; the result is validated like a new rule. Setting
    one condition clears the others (a rule has exactly one)."""
    values = {
        "skill": rule.skill.name,
        "tag": rule.tag,
        "ticket_type": rule.ticket_type,
        "language": rule.language,
    }
    if {"tag", "ticket_type", "language"} & set(fields):
        values.update(tag="", ticket_type="", language="")
    values.update(fields)
    return _save_rule(rule, **values)


def _save_rule(
    rule: SkillRule, *, skill: str, tag: str, ticket_type: str, language: str
) -> SkillRule:
    tag = tickets.normalize_tag(tag or "")
    language = (language or "").strip().lower()
    ticket_type = ticket_type or ""
    if ticket_type and ticket_type not in TicketType.values:
        raise ValidationError({"ticket_type": _("Unknown ticket type")})
    if len(language) > 8:
        raise ValidationError({"language": _("A language code has at most 8 characters")})
    if sum(bool(value) for value in (tag, ticket_type, language)) != 1:
        raise ValidationError(_("Give exactly one condition: a tag, a type or a language"))
    name = (skill or "").strip()[:100]
    if not name:
        raise ValidationError({"skill": _("Name the skill")})
    rule.tag, rule.ticket_type, rule.language = tag, ticket_type, language
    try:
        with transaction.atomic():
            rule.skill = Skill.objects.get_or_create(name=name)[0]
            rule.save()
    except IntegrityError as exc:
        raise ValidationError(_("This rule exists already")) from exc
    configcache.forget(SKILL_RULES_KEY)
    return rule


def delete_skill_rule(rule: SkillRule) -> None:
    rule.delete()
    configcache.forget(SKILL_RULES_KEY)


# --- the decision ------------------------------------------------------------------------------


def choose_agent(
    ticket: Ticket, *, mode: str | None = None, exclude: Iterable[int] = ()
) -> User | None:
    """The agent of ``ticket``'s team who should get it now, or ``None`` (it waits).

    Only active full agents, online and below capacity. Round robin: the member whose turn it
    is (oldest ``last_assigned_at``, never-assigned first). Least open: fewest open tickets,
    ties to the longest since an assignment. Skills: members who have every skill the ticket
    needs, then as least open. One query (skills: two), see ``fyr.routing.queries``.
    """
    if ticket.team_id is None:
        return None
    mode = mode or team_modes().get(ticket.team_id)
    if mode not in ROUTED:
        return None
    skill_ids: set[int] = set()
    if mode == AssignmentMode.SKILLS:
        language, tags = queries.language_and_tags(ticket.pk)
        skill_ids = required_skills(tags=tags, ticket_type=ticket.type, language=language)
    return queries.pick_agent(
        ticket.team_id,
        least_open=mode != AssignmentMode.ROUND_ROBIN,
        skill_ids=skill_ids,
        exclude=set(exclude),
    )


# --- assigning ---------------------------------------------------------------------------------


def route(ticket: Ticket, *, exclude: Iterable[int] = ()) -> User | None:
    """Give ``ticket`` to the agent ``choose_agent`` picks; nobody → it waits in the queue.

    The team's row is locked for the decision, so two tickets routed at once take turns and
    never both fill an agent's last free slot."""
    team_id = ticket.team_id
    if team_id is None:
        return None
    mode = team_modes().get(team_id)
    if mode is None or ticket.assignee_id is not None or ticket.status not in OPEN_WORK:
        return None
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team_id)
        agent = choose_agent(ticket, mode=mode, exclude=exclude)
        if agent is not None:
            _assign(ticket, agent, team, mode)
    return agent


def _assign(ticket: Ticket, agent: User, team: Team, mode: str) -> None:
    tickets.change_ticket(ticket, actor=routing_actor(team, mode), changes={"assignee": agent})
    _stamp_turn(team, agent)


def routing_actor(team: Team, mode: str) -> Actor:
    """The router as the actor of its assignments; the rule's name stays in English (it is
    stored in the event, and translated when shown)."""
    with translation.override(None):
        label = str(AssignmentMode(mode).label)
    return Actor.of_rule("routing", team.pk, label)


def _stamp_turn(team: Team, agent: User) -> None:
    """Mark ``agent``'s turn as taken: strictly later than every other stamp of the team, so
    round robin keeps its order even when the clock stands still (tests, replays)."""
    latest = TeamMembership.objects.filter(team=team).aggregate(latest=Max("last_assigned_at"))
    stamp = clock.now()
    if latest["latest"] is not None and latest["latest"] >= stamp:
        stamp = latest["latest"] + timedelta(microseconds=1)
    TeamMembership.objects.filter(team=team, user=agent).update(last_assigned_at=stamp)


def waiting(team_id: int) -> QuerySet[Ticket]:
    """The team's unassigned tickets in the order they are handed out: VIPs (the requester or
    their organization) first, then the earliest SLA deadline (none last), then the oldest."""
    vip = Case(
        When(Q(requester__vip=True) | Q(organization__vip=True), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Ticket.objects.filter(team_id=team_id, assignee__isnull=True, status__in=OPEN_WORK)
        .annotate(vip=vip)
        .order_by("-vip", F("sla_due_at").asc(nulls_last=True), "created_at", "id")
    )


def assign_waiting(team: Team, now: datetime | None = None) -> int:
    """Hand the team's waiting tickets (see ``waiting``) to agents with free capacity, until
    nobody is free; returns how many were assigned. Tickets another transaction holds are
    skipped (they are being changed, and will be routed by that change or the next sweep)."""
    mode = team_modes().get(team.pk)
    if mode is None:
        return 0
    assigned = 0
    with transaction.atomic():
        locked_team = Team.objects.select_for_update().get(pk=team.pk)
        batch = list(
            waiting(team.pk).select_for_update(skip_locked=True, of=("self",))[:WAITING_BATCH]
        )
        for ticket in batch:
            agent = choose_agent(ticket, mode=mode)
            if agent is None:
                if mode == AssignmentMode.SKILLS:
                    continue  # the next ticket may need skills someone free has
                break
            _assign(ticket, agent, locked_team, mode)
            assigned += 1
    return assigned


def assign_all_waiting(now: datetime) -> int:
    """The periodic catch-up: every routed team's waiting tickets."""
    return sum(assign_waiting(team, now) for team in Team.objects.filter(pk__in=team_modes()))


def catch_up(now: datetime) -> dict[str, int]:
    """The periodic job: repair agents' loads, then hand out every routed team's waiting
    tickets (those no change set off, e.g. while everyone was offline)."""
    return {"loads_fixed": loads.recount(), "assigned": assign_all_waiting(now)}


def _assign_waiting_for(user_id: int) -> None:
    """An agent has room: the routed teams they belong to hand out their waiting tickets."""
    modes = team_modes()
    if not modes:
        return
    team_ids = TeamMembership.objects.filter(user_id=user_id, team_id__in=list(modes)).values_list(
        "team_id", flat=True
    )
    for team in Team.objects.filter(pk__in=list(team_ids)):
        assign_waiting(team, clock.now())


# --- the observer ------------------------------------------------------------------------------


def on_ticket_change(change: Change) -> None:
    """Route a ticket that became routable, refill agents whose work went down. Decided from
    the change's events and the cached team modes alone: a change that cannot matter (a
    message, a note, a tag) costs no query."""
    if not change.kinds & _ROUTABLE_KINDS:
        return
    moved = loads.deltas(change)
    modes = team_modes()
    if not modes:
        return
    ticket = change.ticket
    freed = {user_id for user_id, n in moved.items() if n < 0}
    # Whoever just gave the ticket away by hand does not get it straight back.
    gave_away = freed if change.actor.rule is None else set()
    if ticket.team_id in modes and ticket.assignee_id is None and ticket.status in OPEN_WORK:
        route(ticket, exclude=gave_away)
    refill = freed - gave_away if ticket.assignee_id is None else freed
    for user_id in sorted(refill):
        _assign_waiting_for(user_id)


def register() -> None:
    """Called from ``RoutingConfig.ready``."""
    from fyr.core import periodic

    # Loads first, before any other observer changes the ticket again (a trigger assigning it):
    # a change's load moves are read from the ticket as that change saved it.
    hooks.observe("routing.loads", loads.on_ticket_change, order=0)
    hooks.observe("routing", on_ticket_change, order=20)
    periodic.register("routing", catch_up)


# --- tiers -------------------------------------------------------------------------------------


def escalate(
    ticket: Ticket,
    *,
    actor: Actor,
    tier: int,
    team: Team | None = None,
    reason: str,
    expected_version: int | None = None,
) -> Ticket:
    """Raise ``ticket`` to a higher ``tier``, optionally moving it to ``team``; one versioned
    change, recorded as an ``escalated`` event carrying the reason, tiers and team."""
    return _change_tier(ticket, actor, tier, team, reason, expected_version, up=True)


def de_escalate(
    ticket: Ticket,
    *,
    actor: Actor,
    tier: int,
    team: Team | None = None,
    reason: str,
    expected_version: int | None = None,
) -> Ticket:
    """Return ``ticket`` to a lower ``tier`` (and ``team``); recorded as ``de_escalated``."""
    return _change_tier(ticket, actor, tier, team, reason, expected_version, up=False)


def _change_tier(
    ticket: Ticket,
    actor: Actor,
    tier: int,
    team: Team | None,
    reason: str,
    expected_version: int | None,
    *,
    up: bool,
) -> Ticket:
    reason = " ".join((reason or "").split())[:1000]
    if not reason:
        raise ValidationError({"reason": _("Say why the ticket changes tier")})
    if tier not in (1, 2, 3):
        raise ValidationError({"tier": _("The support tier is 1, 2 or 3")})
    if up and tier <= ticket.tier:
        raise ValidationError({"tier": _("Escalate to a tier above the current one")})
    if not up and tier >= ticket.tier:
        raise ValidationError({"tier": _("De-escalate to a tier below the current one")})
    changes: dict[str, Any] = {}
    if team is not None:
        changes["team"] = team  # first: the tier event names the team the ticket ends up in
    changes["tier"] = tier
    return tickets.change_ticket(
        ticket, actor=actor, changes=changes, expected_version=expected_version, reason=reason
    )
