"""Macros: saving them (validated, with visibility rules), finding them, applying them.

Every front door (the desk's settings page, the composer, the API) calls these functions; the
permission and validation rules live here once.

Applying a macro does two things: it renders the macro's text for the composer (the agent edits
it before sending: templates, not finished text) and it applies the macro's field changes to
the ticket as one versioned change through ``fyr.tickets.services.change_ticket``, acting as
``Actor.of_rule("macro", …, agent=agent)`` so every event names both the macro and the agent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from fyr.accounts.models import Team, User
from fyr.core import clock
from fyr.macros import placeholders
from fyr.macros.choices import ASSIGN_TO_ME, CHANGE_FIELDS, Visibility
from fyr.macros.models import Macro
from fyr.macros.queries import may_apply, may_manage, may_use, visible_macros
from fyr.tickets import events
from fyr.tickets import services as tickets
from fyr.tickets.choices import EventKind, Priority, Status, TicketType
from fyr.tickets.models import Ticket

__all__ = [
    "Applied",
    "apply",
    "clean_changes",
    "create_macro",
    "delete_macro",
    "may_apply",
    "may_manage",
    "may_use",
    "preview",
    "search",
    "search_key",
    "update_macro",
    "visible_macros",
]

#: Fields ``update_macro`` accepts.
EDITABLE = {
    "name",
    "description",
    "visibility",
    "team",
    "text",
    "internal",
    "changes",
    "active",
}
MAX_TEXT = 20_000
MAX_TAGS = 20
SEARCH_LIMIT = 20

#: Statuses a macro may set: every status an agent can move a ticket to (none leads to "new").
SETTABLE_STATUSES = [s for s in Status if s != Status.NEW]


@dataclass(frozen=True)
class Applied:
    """What applying a macro gives the composer: the rendered ``text`` (to edit, then send as a
    note if ``internal``), and the ``ticket`` as saved (its new ``version`` if ``changed``)."""

    text: str
    internal: bool
    ticket: Ticket
    changed: bool


# --- saving ------------------------------------------------------------------------------------


def create_macro(
    *,
    by: User,
    name: str,
    visibility: str = Visibility.PERSONAL,
    team: Team | None = None,
    description: str = "",
    text: str = "",
    internal: bool = False,
    changes: Mapping[str, Any] | None = None,
    active: bool = True,
) -> Macro:
    """A new macro; a personal one belongs to ``by``. Team and shared macros: admins only."""
    macro = Macro(created_by=by)
    values = {
        "name": name,
        "description": description,
        "visibility": visibility,
        "team": team,
        "text": text,
        "internal": internal,
        "changes": {} if changes is None else changes,
        "active": active,
    }
    _assign(macro, by, values)
    macro.save()
    return macro


def update_macro(macro: Macro, *, by: User, **fields: Any) -> Macro:
    """Change the ``fields`` given (any of :data:`EDITABLE`); the result is validated whole."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"unknown macro fields: {sorted(unknown)}")
    if not may_manage(by, macro):
        raise PermissionDenied(_("You may not change this macro"))
    values = {
        "name": macro.name,
        "description": macro.description,
        "visibility": macro.visibility,
        "team": macro.team,
        "text": macro.text,
        "internal": macro.internal,
        "changes": macro.changes,
        "active": macro.active,
        **fields,
    }
    _assign(macro, by, values)
    macro.updated_at = clock.now()
    macro.save()
    return macro


def delete_macro(macro: Macro, *, by: User) -> None:
    if not may_manage(by, macro):
        raise PermissionDenied(_("You may not delete this macro"))
    macro.delete()


def _assign(macro: Macro, by: User, values: dict[str, Any]) -> None:
    """Validate ``values`` as a whole (every problem at once, by field) and set them."""
    _check_scope(macro, by, values["visibility"])
    errors: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = " ".join(str(values["name"] or "").split())
    if not name:
        problem("name", _("A macro needs a name"))
    elif len(name) > 200:
        problem("name", _("The name is longer than 200 characters"))
    description = str(values["description"] or "").strip()
    if len(description) > 500:
        problem("description", _("The description is longer than 500 characters"))
    visibility = values["visibility"]
    team = values["team"]
    if visibility == Visibility.TEAM and team is None:
        problem("team", _("A team macro needs a team"))
    text = str(values["text"] or "")
    if len(text) > MAX_TEXT:
        problem("text", _("The text is longer than %(max)s characters") % {"max": MAX_TEXT})
    else:
        try:
            placeholders.validate(text)
        except ValidationError as exc:
            errors.setdefault("text", []).extend(exc.messages)
    try:
        changes = clean_changes(values["changes"])
    except ValidationError as exc:
        errors.setdefault("changes", []).extend(exc.messages)
        changes = {}
    internal = bool(values["internal"])
    if not text.strip() and not changes and "changes" not in errors:
        problem("text", _("A macro needs a text or a field change"))
    if by.is_light and not errors:
        if changes:
            problem("changes", _("Light agents' macros cannot change ticket fields"))
        if text.strip() and not internal:
            problem("internal", _("Light agents' macros can only write internal notes"))
    if errors:
        raise ValidationError(errors)
    macro.name = name
    macro.search_name = search_key(name)
    macro.description = description
    macro.visibility = visibility
    macro.team = team if visibility == Visibility.TEAM else None
    if visibility == Visibility.PERSONAL:
        macro.owner = macro.owner if macro.owner_id else by
    else:
        macro.owner = None
    macro.text = text
    macro.internal = internal
    macro.changes = changes
    macro.active = bool(values["active"])


def _check_scope(macro: Macro, by: User, visibility: str) -> None:
    """Anyone keeps personal macros; only administrators make or keep team and shared ones."""
    if not by.is_active:
        raise PermissionDenied(_("This account is deactivated"))
    if visibility not in Visibility.values:
        raise ValidationError(
            {"visibility": _("Visibility is one of: %(v)s") % {"v": ", ".join(Visibility.values)}}
        )
    if visibility != Visibility.PERSONAL and not by.is_admin:
        raise PermissionDenied(_("Only administrators may make team and shared macros"))


def clean_changes(changes: Any) -> dict[str, Any]:
    """``changes`` checked and normalised (see ``Macro.changes``); ``ValidationError`` naming
    each bad entry. Team and assignee ids must exist now; they are checked again when applied."""
    if not isinstance(changes, Mapping):
        raise ValidationError(_("Field changes must be an object"))
    errors: list[str] = []
    unknown = sorted(set(changes) - set(CHANGE_FIELDS))
    if unknown:
        errors.append(
            _("Unknown field: %(names)s. Allowed: %(allowed)s")
            % {"names": ", ".join(map(str, unknown)), "allowed": ", ".join(CHANGE_FIELDS)}
        )
    clean: dict[str, Any] = {}
    for field in CHANGE_FIELDS:
        if field in changes:
            try:
                clean[field] = _CLEANERS[field](changes[field])
            except ValidationError as exc:
                errors.extend(f"{field}: {message}" for message in exc.messages)
    both = set(clean.get("add_tags", ())) & set(clean.get("remove_tags", ()))
    if both:
        errors.append(
            _("A tag cannot be both added and removed: %(tags)s")
            % {"tags": ", ".join(sorted(both))}
        )
    if errors:
        raise ValidationError(errors)
    return {field: value for field, value in clean.items() if value != []}


def _choice(choices: list[str]) -> Any:
    def clean(value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValidationError(_("must be one of: %(c)s") % {"c": ", ".join(choices)})
        return value

    return clean


def _clean_tier(value: Any) -> int:
    if isinstance(value, bool) or value not in (1, 2, 3):
        raise ValidationError(_("must be 1, 2 or 3"))
    return int(value)


def _id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**63 - 1:
        raise ValidationError(_("must be an id"))
    return value


def _clean_team(value: Any) -> int:
    team_id = _id(value)
    if not Team.objects.filter(pk=team_id).exists():
        raise ValidationError(_("there is no team with id %(id)s") % {"id": team_id})
    return team_id


def _clean_assignee(value: Any) -> int | str | None:
    """An agent's id, ``"me"`` (whoever applies the macro) or null (unassign)."""
    if value is None or value == ASSIGN_TO_ME:
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_('must be an agent\'s id, "me" or null'))
    user = User.objects.filter(pk=_id(value), is_active=True).first()
    if user is None:
        raise ValidationError(_("there is no active agent with id %(id)s") % {"id": value})
    if user.is_light:
        raise ValidationError(_("light agents cannot be assigned tickets"))
    return user.pk


def _clean_tags(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise ValidationError(_("must be a list of tag names"))
    names = sorted({tickets.normalize_tag(t) for t in value} - {""})
    if len(names) > MAX_TAGS:
        raise ValidationError(_("at most %(max)s tags") % {"max": MAX_TAGS})
    return names


_CLEANERS: dict[str, Any] = {
    "status": _choice([str(s) for s in SETTABLE_STATUSES]),
    "priority": _choice(list(Priority.values)),
    "type": _choice(list(TicketType.values)),
    "tier": _clean_tier,
    "team": _clean_team,
    "assignee": _clean_assignee,
    "add_tags": _clean_tags,
    "remove_tags": _clean_tags,
}


# --- finding -----------------------------------------------------------------------------------


def search(
    user: User, query: str = "", *, limit: int = SEARCH_LIMIT, usable: bool = False
) -> list[Macro]:
    """The composer's picker: ``user``'s active macros whose name contains ``query`` (any case),
    names starting with it first, then the most used. Without a query: the most used.
    ``usable``: only those ``user`` may apply (a light agent's note-only macros)."""
    macros: QuerySet[Macro] = visible_macros(user)
    key = search_key(query)
    if key:
        macros = macros.filter(search_name__contains=key).annotate(
            rank=Case(
                When(search_name__startswith=key, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        macros = macros.order_by("rank", "-usage_count", "name", "id")
    else:
        macros = macros.order_by("-usage_count", "name", "id")
    macros = macros.select_related("team")
    if usable and user.is_light:
        return [m for m in macros[: limit * 10] if may_apply(user, m)][:limit]
    return list(macros[:limit])


def search_key(text: str) -> str:
    """How names are compared in searches: spaces collapsed, case folded (Swedish letters too)."""
    return " ".join(text.split()).casefold()[:200]


# --- applying ----------------------------------------------------------------------------------


def apply(
    macro: Macro, ticket: Ticket, *, agent: User, expected_version: int | None = None
) -> Applied:
    """Apply ``macro`` to ``ticket`` for ``agent``: field changes as one versioned change, a
    ``MACRO_APPLIED`` event, one more use counted; returns the rendered text for the composer.

    The caller has checked that ``agent`` may see ``ticket``. A stale ``expected_version``
    raises ``StaleVersion`` when the macro changes fields (a text alone changes nothing, so it
    cannot conflict). Light agents may apply macros that only write internal notes.
    The ``MACRO_APPLIED`` event is recorded in the same transaction as the changes; a macro
    without changes records it without a new version (nothing others see has changed).
    """
    if not may_use(agent, macro):
        raise PermissionDenied(_("You may not use this macro"))
    if not may_apply(agent, macro):
        raise PermissionDenied(_("Light agents can only use macros that add internal notes"))
    actor = events.Actor.of_rule("macro", macro.pk, macro.name, agent=agent)
    version = ticket.version
    with transaction.atomic():
        if macro.changes:
            locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
            if expected_version is not None and locked.version != expected_version:
                raise tickets.StaleVersion(locked)
            changes = _resolve(macro.changes, locked, agent)
        events.record(
            ticket,
            EventKind.MACRO_APPLIED,
            actor,
            macro={"id": macro.pk, "name": macro.name},
            fields=sorted(macro.changes),
            internal=macro.internal,
        )
        events.take_unsaved(ticket)  # recorded beside the change, not part of it (see above)
        if macro.changes:
            tickets.change_ticket(ticket, actor=actor, changes=changes)
        Macro.objects.filter(pk=macro.pk).update(
            usage_count=F("usage_count") + 1, last_used_at=clock.now()
        )
    text = placeholders.render(macro.text, ticket=ticket, agent=agent) if macro.text else ""
    return Applied(
        text=text, internal=macro.internal, ticket=ticket, changed=ticket.version != version
    )


def _resolve(changes: Mapping[str, Any], locked: Ticket, agent: User) -> dict[str, Any]:
    """The stored changes as ``change_ticket`` takes them, against the locked ticket's tags.

    A team or agent deleted since the macro was saved is a ``ValidationError`` naming it.
    """
    resolved: dict[str, Any] = {}
    for field in CHANGE_FIELDS:
        if field not in changes or field in ("add_tags", "remove_tags"):
            continue
        value = changes[field]
        if field == "team":
            team = Team.objects.filter(pk=value).first()
            if team is None:
                raise ValidationError(_("The macro's team no longer exists; edit the macro"))
            value = team
        elif field == "assignee":
            value = _assignee(value, agent)
        resolved[field] = value
    if changes.get("add_tags") or changes.get("remove_tags"):
        current = list(locked.tags.values_list("name", flat=True))
        drop = set(changes.get("remove_tags", ()))
        resolved["tags"] = [t for t in current if t not in drop] + list(changes.get("add_tags", ()))
    return resolved


def _assignee(value: int | str | None, agent: User) -> User | None:
    if value is None:
        return None
    if value == ASSIGN_TO_ME:
        return agent
    user = User.objects.filter(pk=value).first()
    if user is None:
        raise ValidationError(_("The macro's assignee no longer exists; edit the macro"))
    return user


def preview(text: str, ticket: Ticket, *, agent: User) -> str:
    """``text`` rendered against ``ticket`` after validating it (the editor's live preview)."""
    placeholders.validate(text)
    return placeholders.render(text, ticket=ticket, agent=agent)
