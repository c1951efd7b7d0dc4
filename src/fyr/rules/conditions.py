"""The one condition language of triggers and automations: its fields, validation and evaluation.

A rule's conditions are ``{"all": [...], "any": [...]}``: every condition in ``all`` must hold and,
when ``any`` is not empty, at least one of ``any``. A condition is
``{"field": ..., "operator": ..., "value": ...}`` (time conditions also ``"business": true``).
``validate`` is the only gate (forms, API, services all call it) and returns the conditions in
their stored form; errors carry a path (``("all", 0, "value")``) so a form can show them on the
row and the API as a 422 location.

Evaluation reads what it needs from a ``Facts`` object that loads the contact, organization, tags
or message only when a condition asks for them: the trigger observer runs for every message,
and a rule over ticket fields must not cost queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fyr.tickets.choices import ActorKind, Channel, Priority, Status, TicketType

# --- operators ---------------------------------------------------------------------------------

IS = "is"
IS_NOT = "is_not"
IN = "in"
NOT_IN = "not_in"
CONTAINS = "contains"
NOT_CONTAINS = "not_contains"
GTE = "gte"
LTE = "lte"
IS_SET = "is_set"
NOT_SET = "not_set"
WITHIN_HOURS = "within_hours"
CHANGED = "changed"
NOT_CHANGED = "not_changed"
CHANGED_TO = "changed_to"
CHANGED_FROM = "changed_from"

OPERATOR_LABELS: dict[str, Any] = {
    IS: gettext_lazy("is"),
    IS_NOT: gettext_lazy("is not"),
    IN: gettext_lazy("is one of"),
    NOT_IN: gettext_lazy("is none of"),
    CONTAINS: gettext_lazy("contains"),
    NOT_CONTAINS: gettext_lazy("does not contain"),
    GTE: gettext_lazy("at least"),
    LTE: gettext_lazy("at most"),
    IS_SET: gettext_lazy("is set"),
    NOT_SET: gettext_lazy("is not set"),
    WITHIN_HOURS: gettext_lazy("within hours"),
    CHANGED: gettext_lazy("changed"),
    NOT_CHANGED: gettext_lazy("did not change"),
    CHANGED_TO: gettext_lazy("changed to"),
    CHANGED_FROM: gettext_lazy("changed from"),
}

#: Operators that take no value.
NO_VALUE = {IS_SET, NOT_SET, CHANGED, NOT_CHANGED}

# Value kinds: what a field holds, which decides its operators and how a value is checked.
CHOICE = "choice"
REF = "ref"  # a row id or null (team, assignee, organization)
NUMBER = "number"
TEXT = "text"
BOOL = "bool"
TAGS = "tags"
SLA = "sla"
CHANGE = "change"
TIME = "time"

OPERATORS: dict[str, tuple[str, ...]] = {
    CHOICE: (IS, IS_NOT, IN, NOT_IN),
    REF: (IS, IS_NOT, IN, NOT_IN, IS_SET, NOT_SET),
    NUMBER: (IS, IS_NOT, GTE, LTE),
    TEXT: (IS, IS_NOT, CONTAINS, NOT_CONTAINS, IS_SET, NOT_SET),
    BOOL: (IS,),
    TAGS: (CONTAINS, NOT_CONTAINS),
    SLA: (IS_SET, NOT_SET, WITHIN_HOURS),
    CHANGE: (CHANGED, NOT_CHANGED, CHANGED_TO, CHANGED_FROM),
    TIME: (GTE, LTE),
}

TRIGGER = "trigger"
AUTOMATION = "automation"
BOTH = (TRIGGER, AUTOMATION)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: Any
    kind: str
    source: str  # ticket, tags, contact, organization, message, change, time
    scopes: tuple[str, ...] = BOTH
    choices: tuple[str, ...] = ()
    #: For ``change.*``: the kind of the changed field's values.
    value_kind: str = ""


def _values(choices: Any) -> tuple[str, ...]:
    return tuple(choices.values)


_FIELDS = [
    FieldSpec("ticket.status", gettext_lazy("Status"), CHOICE, "ticket", choices=_values(Status)),
    FieldSpec(
        "ticket.priority", gettext_lazy("Priority"), CHOICE, "ticket", choices=_values(Priority)
    ),
    FieldSpec("ticket.type", gettext_lazy("Type"), CHOICE, "ticket", choices=_values(TicketType)),
    FieldSpec(
        "ticket.channel", gettext_lazy("Channel"), CHOICE, "ticket", choices=_values(Channel)
    ),
    FieldSpec("ticket.team", gettext_lazy("Team"), REF, "ticket"),
    FieldSpec("ticket.assignee", gettext_lazy("Assignee"), REF, "ticket"),
    FieldSpec("ticket.tier", gettext_lazy("Support tier"), NUMBER, "ticket"),
    FieldSpec("ticket.tags", gettext_lazy("Tags"), TAGS, "tags"),
    FieldSpec("ticket.subject", gettext_lazy("Subject"), TEXT, "ticket"),
    FieldSpec("ticket.sla_due", gettext_lazy("Next SLA deadline"), SLA, "ticket"),
    FieldSpec("contact.email", gettext_lazy("Customer's email"), TEXT, "contact"),
    FieldSpec("contact.domain", gettext_lazy("Customer's email domain"), TEXT, "contact"),
    FieldSpec("contact.vip", gettext_lazy("Customer is VIP"), BOOL, "contact"),
    FieldSpec("contact.language", gettext_lazy("Customer's language"), TEXT, "contact"),
    FieldSpec("organization.id", gettext_lazy("Organization"), REF, "ticket"),
    FieldSpec("organization.vip", gettext_lazy("Organization is VIP"), BOOL, "organization"),
    FieldSpec("organization.support_plan", gettext_lazy("Support plan"), TEXT, "organization"),
    FieldSpec("message.text", gettext_lazy("Message text"), TEXT, "message", (TRIGGER,)),
    FieldSpec(
        "message.channel",
        gettext_lazy("Message channel"),
        CHOICE,
        "message",
        (TRIGGER,),
        _values(Channel),
    ),
    FieldSpec(
        "message.author",
        gettext_lazy("Message author"),
        CHOICE,
        "message",
        (TRIGGER,),
        _values(ActorKind),
    ),
    FieldSpec(
        "change.status",
        gettext_lazy("Status (this change)"),
        CHANGE,
        "change",
        (TRIGGER,),
        _values(Status),
        CHOICE,
    ),
    FieldSpec(
        "change.priority",
        gettext_lazy("Priority (this change)"),
        CHANGE,
        "change",
        (TRIGGER,),
        _values(Priority),
        CHOICE,
    ),
    FieldSpec(
        "change.type",
        gettext_lazy("Type (this change)"),
        CHANGE,
        "change",
        (TRIGGER,),
        _values(TicketType),
        CHOICE,
    ),
    FieldSpec(
        "change.team", gettext_lazy("Team (this change)"), CHANGE, "change", (TRIGGER,), (), REF
    ),
    FieldSpec(
        "change.assignee",
        gettext_lazy("Assignee (this change)"),
        CHANGE,
        "change",
        (TRIGGER,),
        (),
        REF,
    ),
    FieldSpec(
        "change.tier",
        gettext_lazy("Support tier (this change)"),
        CHANGE,
        "change",
        (TRIGGER,),
        (),
        NUMBER,
    ),
    FieldSpec("time.created", gettext_lazy("Hours since created"), TIME, "time", (AUTOMATION,)),
    FieldSpec("time.updated", gettext_lazy("Hours since updated"), TIME, "time", (AUTOMATION,)),
    FieldSpec(
        "time.status_changed",
        gettext_lazy("Hours since the status changed"),
        TIME,
        "time",
        (AUTOMATION,),
    ),
    FieldSpec(
        "time.customer_message",
        gettext_lazy("Hours since the customer's last message"),
        TIME,
        "time",
        (AUTOMATION,),
    ),
    FieldSpec(
        "time.agent_message",
        gettext_lazy("Hours since the last agent reply"),
        TIME,
        "time",
        (AUTOMATION,),
    ),
    FieldSpec(
        "time.sla_due",
        gettext_lazy("Hours until the next SLA deadline (negative: overdue)"),
        TIME,
        "time",
        (AUTOMATION,),
    ),
]

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}

#: ``custom_fields.<key>``: a ticket's custom field, compared as text.
CUSTOM_PREFIX = "custom_fields."

#: Event kinds whose ``before``/``after`` say how a ``change.*`` field changed.
CHANGE_EVENTS: dict[str, tuple[str, ...]] = {
    "change.status": ("status_changed", "reopened"),
    "change.priority": ("priority_changed",),
    "change.type": ("type_changed",),
    "change.team": ("team_changed",),
    "change.assignee": ("assignee_changed",),
    "change.tier": ("tier_changed",),
}


def field_spec(name: str) -> FieldSpec | None:
    if name in FIELDS:
        return FIELDS[name]
    if name.startswith(CUSTOM_PREFIX) and len(name) > len(CUSTOM_PREFIX):
        return FieldSpec(name, name[len(CUSTOM_PREFIX) :], TEXT, "ticket")
    return None


def fields_for(scope: str) -> list[FieldSpec]:
    return [spec for spec in _FIELDS if scope in spec.scopes]


# --- validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleError:
    """One problem in a rule, at ``path`` inside the JSON (``("all", 0, "value")``)."""

    path: tuple[str | int, ...]
    message: str


class RuleInvalid(ValidationError):
    """A rule that cannot be saved; ``errors`` say where (forms show them per row, the API as
    422 locations)."""

    def __init__(self, errors: Sequence[RuleError]) -> None:
        self.errors = list(errors)
        super().__init__(
            {
                ".".join(str(p) for p in (error.path or ("__all__",))): [error.message]
                for error in self.errors
            }
        )


MAX_CONDITIONS = 50


def validate(data: Any, *, scope: str) -> dict[str, list[dict[str, Any]]]:
    """The conditions in stored form, or ``RuleInvalid`` listing every problem."""
    errors: list[RuleError] = []
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise RuleInvalid([RuleError((), _('Conditions are an object: {"all": [], "any": []}'))])
    cleaned: dict[str, list[dict[str, Any]]] = {"all": [], "any": []}
    for key in data:
        if key not in cleaned:
            errors.append(RuleError((key,), _("Unknown group; use “all” or “any”")))
    for group in ("all", "any"):
        items = data.get(group) or []
        if not isinstance(items, list):
            errors.append(RuleError((group,), _("A group is a list of conditions")))
            continue
        if len(items) > MAX_CONDITIONS:
            errors.append(
                RuleError((group,), _("At most %(n)s conditions") % {"n": MAX_CONDITIONS})
            )
            continue
        for index, item in enumerate(items):
            condition = _validate_condition(item, scope, (group, index), errors)
            if condition is not None:
                cleaned[group].append(condition)
    if errors:
        raise RuleInvalid(errors)
    return cleaned


def _validate_condition(
    item: Any, scope: str, path: tuple[str | int, ...], errors: list[RuleError]
) -> dict[str, Any] | None:
    if not isinstance(item, Mapping):
        errors.append(RuleError(path, _("A condition is an object with field, operator, value")))
        return None
    unknown = set(item) - {"field", "operator", "value", "business"}
    for key in sorted(unknown):
        errors.append(RuleError((*path, key), _("Unknown key")))
    name = item.get("field")
    spec = field_spec(name) if isinstance(name, str) else None
    if spec is None:
        errors.append(RuleError((*path, "field"), _("Unknown field %(field)r") % {"field": name}))
        return None
    if scope not in spec.scopes:
        message = (
            _("Only triggers can use this field")
            if scope == AUTOMATION
            else _("Only automations can use this field")
        )
        errors.append(RuleError((*path, "field"), message))
        return None
    operator = item.get("operator")
    if operator not in OPERATORS[spec.kind]:
        allowed = ", ".join(OPERATORS[spec.kind])
        errors.append(
            RuleError(
                (*path, "operator"),
                _("This field takes one of these operators: %(allowed)s") % {"allowed": allowed},
            )
        )
        return None
    condition: dict[str, Any] = {"field": spec.name, "operator": operator}
    business = item.get("business", False)
    if business not in (True, False):
        errors.append(RuleError((*path, "business"), _("Business hours is true or false")))
    elif business:
        if spec.kind != TIME or spec.name == "time.sla_due":
            errors.append(
                RuleError((*path, "business"), _("Only hours since … count business hours"))
            )
        else:
            condition["business"] = True
    if operator in NO_VALUE:
        if item.get("value") not in (None, "", []):
            errors.append(RuleError((*path, "value"), _("This operator takes no value")))
        return condition
    try:
        condition["value"] = _clean_value(spec, operator, item.get("value"))
    except ValueError as exc:
        errors.append(RuleError((*path, "value"), str(exc)))
        return None
    return condition


def _clean_value(spec: FieldSpec, operator: str, value: Any) -> Any:
    kind = spec.value_kind if spec.kind == CHANGE else spec.kind
    if kind == TIME or operator == WITHIN_HOURS:
        return _number(value, minimum=None if spec.name == "time.sla_due" else 0)
    if operator in (IN, NOT_IN):
        if not isinstance(value, list) or not value:
            raise ValueError(_("Give a list of one or more values"))
        return [_single(spec, kind, v) for v in value]
    return _single(spec, kind, value)


def _single(spec: FieldSpec, kind: str, value: Any) -> Any:
    if kind == CHOICE:
        if value not in spec.choices:
            raise ValueError(_("Use one of: %(choices)s") % {"choices": ", ".join(spec.choices)})
        return value
    if kind == REF:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
            raise ValueError(_("Give an id (a positive whole number) or null"))
        return value
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
            raise ValueError(_("The support tier is 1, 2 or 3"))
        return value
    if kind == BOOL:
        if not isinstance(value, bool):
            raise ValueError(_("Give true or false"))
        return value
    if kind == TAGS:
        from fyr.tickets.services import normalize_tag

        tag = normalize_tag(value) if isinstance(value, str) else ""
        if not tag:
            raise ValueError(_("Give a tag name"))
        return tag
    # text
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("Give a text"))
    if len(value) > 1000:
        raise ValueError(_("At most 1000 characters"))
    return value.strip()


def _number(value: Any, *, minimum: float | None) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Give a number of hours"))
    if value != value or abs(value) > 100_000:  # NaN, or absurd
        raise ValueError(_("Give a number of hours up to 100000"))
    if minimum is not None and value < minimum:
        raise ValueError(_("Hours cannot be negative"))
    return value


def conditions_of(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [*data.get("all", []), *data.get("any", [])]


def sources(data: Mapping[str, Any]) -> set[str]:
    """Which facts the conditions read (``tags``, ``contact``, …): what a firing must load."""
    return {spec.source for c in conditions_of(data) if (spec := field_spec(c["field"]))}


# --- evaluation --------------------------------------------------------------------------------


class Facts:
    """What conditions read about one ticket, each part loaded on first use.

    Subclasses for triggers add the message and the change; automations add the time fields.
    """

    def __init__(self, ticket: Any) -> None:
        self.ticket = ticket
        self._cache: dict[str, Any] = {}

    def _once(self, key: str, load: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def tags(self) -> set[str]:
        return self._once("tags", lambda: set(self.ticket.tags.values_list("name", flat=True)))

    def contact(self) -> Any:
        return self._once("contact", lambda: self.ticket.requester)

    def contact_email(self) -> str:
        # ``Contact.email`` reads prefetched identities when the caller prefetched them.
        return str(self._once("email", lambda: self.contact().email))

    def organization(self) -> Any:
        return self._once("organization", lambda: self.ticket.organization)

    def message(self) -> Any:
        return None

    def change(self, name: str) -> tuple[bool, Any, Any]:
        return (False, None, None)

    def hours_since(self, name: str, business: bool) -> float | None:
        return None

    def value(self, name: str) -> Any:
        ticket = self.ticket
        if name.startswith("ticket."):
            attr = name[len("ticket.") :]
            if attr in ("team", "assignee"):
                return getattr(ticket, f"{attr}_id")
            if attr == "sla_due":
                return ticket.sla_due_at
            return getattr(ticket, attr)
        if name.startswith(CUSTOM_PREFIX):
            raw = (ticket.custom_fields or {}).get(name[len(CUSTOM_PREFIX) :])
            return None if raw is None or raw == "" else str(raw)
        if name == "organization.id":
            return ticket.organization_id
        if name.startswith("organization."):
            organization = self.organization()
            found = getattr(organization, name.split(".", 1)[1]) if organization else None
            return None if found == "" else found
        if name == "contact.email":
            return self.contact_email() or None
        if name == "contact.domain":
            return self.contact_email().rpartition("@")[2] or None
        if name.startswith("contact."):
            found = getattr(self.contact(), name.split(".", 1)[1])
            return None if found == "" else found
        if name.startswith("message."):
            message = self.message()
            if message is None:
                return None
            if name == "message.text":
                return message.body_text
            if name == "message.author":
                return message.author_kind
            return message.channel
        raise KeyError(name)


def matches(data: Mapping[str, Any], facts: Facts, now: Any) -> bool:
    """Whether ``facts`` satisfy the conditions (``all`` and, if any, one of ``any``)."""
    if not all(holds(c, facts, now) for c in data.get("all", ())):
        return False
    alternatives = data.get("any") or ()
    return not alternatives or any(holds(c, facts, now) for c in alternatives)


def holds(condition: Mapping[str, Any], facts: Facts, now: Any) -> bool:
    name, operator = condition["field"], condition["operator"]
    expected: Any = condition.get("value")
    spec = field_spec(name)
    if spec is None:
        return False
    if spec.kind == CHANGE:
        changed, before, after = facts.change(name)
        return _compare_change(operator, changed, before, after, expected)
    if spec.kind == TIME:
        hours = facts.hours_since(name, bool(condition.get("business")))
        if hours is None:
            return False
        return hours >= expected if operator == GTE else hours <= expected
    if spec.kind == TAGS:
        has = expected in facts.tags()
        return has if operator == CONTAINS else not has
    actual = facts.value(name)
    if spec.kind == SLA:
        if operator == IS_SET:
            return actual is not None
        if operator == NOT_SET:
            return actual is None
        return actual is not None and (actual - now).total_seconds() <= expected * 3600
    return _compare(spec.kind, operator, actual, expected)


def _compare(kind: str, operator: str, actual: Any, expected: Any) -> bool:
    if operator == IS_SET:
        return actual is not None
    if operator == NOT_SET:
        return actual is None
    if kind == TEXT:
        text = (actual or "").casefold()
        if operator in (CONTAINS, NOT_CONTAINS):
            found = expected.casefold() in text
            return found if operator == CONTAINS else not found
        same = text == expected.casefold()
        return same if operator == IS else not same
    if operator == IS:
        return bool(actual == expected)
    if operator == IS_NOT:
        return bool(actual != expected)
    if operator == IN:
        return actual in expected
    if operator == NOT_IN:
        return actual not in expected
    if operator == GTE:
        return actual is not None and actual >= expected
    if operator == LTE:
        return actual is not None and actual <= expected
    return False


def _compare_change(operator: str, changed: bool, before: Any, after: Any, expected: Any) -> bool:
    if operator == CHANGED:
        return changed
    if operator == NOT_CHANGED:
        return not changed
    if operator == CHANGED_TO:
        return changed and after == expected
    return changed and before == expected


class ChangeFacts(Facts):
    """The facts of one saved change, for triggers: its message and its field changes."""

    def __init__(self, ticket: Any, events: Sequence[Any]) -> None:
        super().__init__(ticket)
        self.events = events

    def message(self) -> Any:
        for event in reversed(self.events):
            if event.message_id is not None:
                return event.message
        return None

    def change(self, name: str) -> tuple[bool, Any, Any]:
        kinds = CHANGE_EVENTS.get(name, ())
        found = [event for event in self.events if event.kind in kinds]
        if not found:
            return (False, None, None)
        return (True, found[0].data.get("before"), found[-1].data.get("after"))


def describe(condition: Mapping[str, Any]) -> str:
    """A short human reading of one condition, for rule lists."""
    spec = field_spec(condition["field"])
    label = str(spec.label) if spec else condition["field"]
    text = f"{label} {OPERATOR_LABELS.get(condition['operator'], condition['operator'])}"
    if "value" in condition:
        value = condition["value"]
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        text += f" {shown}"
    if condition.get("business"):
        text += " " + _("(business hours)")
    return text


def iter_conditions(data: Mapping[str, Any]) -> Iterable[tuple[str, int, dict[str, Any]]]:
    for group in ("all", "any"):
        for index, condition in enumerate(data.get(group, ())):
            yield group, index, condition
