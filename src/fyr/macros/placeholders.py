"""Placeholders in macro texts and rule templates: ``Hej {{ contact.first_name }}!``.

Texts are written by agents and admins and rendered with data about a ticket, so they run in a
small sandbox (Jinja2's ``SandboxedEnvironment``) that only ever sees plain namespaces of
whitelisted, already-formatted values — never a model instance, so nothing can reach the ORM or Python
internals (``{{ ticket.__class__ }}`` has nothing to find).

The language is deliberately tiny. A text may use

* ``{{ group.field }}`` for the names in :data:`PLACEHOLDERS`,
* ``{% if group.field %} … {% elif … %} … {% else %} … {% endif %}``, ``not``/``and``/``or``,
  ``==``/``!=`` against literals and ``~`` to join,
* the filters in :data:`FILTERS` (``{{ contact.first_name|default("du") }}``),
* ``{# comments #}``.

Everything else (calls, loops, arithmetic, item access, other filters, ``{% set %}`` …) is
refused, because a loop or ``"x" * 10**9`` would let a template eat the worker's memory.

Two checks, on purpose not the same:

* :func:`validate` runs when a text is saved and refuses bad syntax, forbidden constructs and
  unknown placeholders (a typo such as ``{{ contact.firstname }}`` is caught by the admin who
  wrote it, not by the customer who would have received "Hej !").
* :func:`render` refuses bad syntax and forbidden constructs too (with ``ValidationError``; a
  stored text that fails here was never validated), but an *unknown* placeholder renders as
  empty text: a text saved before a placeholder was withdrawn must still produce a reply.
  Missing values (no organization, no agent, a contact without a name) render as empty text.

Labels (status, priority …) come out in the active language; a caller writing to a customer
wraps the call in ``translation.override(contact.language)`` when it wants theirs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from jinja2 import ChainableUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from fyr.accounts.models import User
    from fyr.tickets.models import Ticket

__all__ = ["FILTERS", "PLACEHOLDERS", "placeholders_in", "render", "validate"]

#: Every placeholder a text may use, with a description for the editor's help list.
PLACEHOLDERS: list[tuple[str, _StrPromise]] = [
    ("ticket.number", _("Ticket number, e.g. 1042")),
    ("ticket.subject", _("Ticket subject")),
    ("ticket.status", _("Status, as a label (e.g. Open)")),
    ("ticket.priority", _("Priority, as a label (e.g. High)")),
    ("ticket.type", _("Type, as a label (e.g. Question)")),
    ("ticket.channel", _("Channel the ticket came in by, as a label")),
    ("ticket.tier", _("Support tier (1, 2, 3)")),
    ("ticket.created", _("Date the ticket was opened (YYYY-MM-DD)")),
    ("ticket.url", _("Link to the ticket in the customer portal")),
    ("contact.name", _("Customer's full name")),
    ("contact.first_name", _("Customer's first name")),
    ("contact.email", _("Customer's email address")),
    ("organization.name", _("Customer's organization (empty if none)")),
    ("organization.support_plan", _("Organization's support plan")),
    ("agent.name", _("Your full name (the agent using the text)")),
    ("agent.first_name", _("Your first name")),
    ("agent.email", _("Your email address")),
    ("agent.signature", _("Your signature")),
    ("team.name", _("The ticket's team (empty if none)")),
    ("team.email", _("The team's email address")),
    ("company.name", _("Your company's name")),
]

#: Placeholders whose values are numbers rather than text.
_NUMBERS = {"number", "tier"}

_FIELDS: dict[str, frozenset[str]] = {}
for _name, _description in PLACEHOLDERS:
    _group, _field = _name.split(".")
    _FIELDS[_group] = _FIELDS.get(_group, frozenset()) | {_field}


def _default(value: Any, fallback: str = "", boolean: bool = True) -> Any:
    """Like Jinja's ``default`` but also replaces empty text, which is how a value is missing."""
    return (
        value if value not in (None, "") and not isinstance(value, ChainableUndefined) else fallback
    )


def _truncate(value: Any, length: int = 255, end: str = "…") -> str:
    text = str(value)
    return text if len(text) <= length else text[: max(length, 0)].rstrip() + end


#: The only filters a text may use; all are linear in their input (no amplification).
FILTERS: dict[str, Callable[..., Any]] = {
    "default": _default,
    "d": _default,
    "upper": lambda v: str(v).upper(),
    "lower": lambda v: str(v).lower(),
    "title": lambda v: str(v).title(),
    "capitalize": lambda v: str(v).capitalize(),
    "trim": lambda v: str(v).strip(),
    "truncate": _truncate,
}

_ALLOWED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.If,
    nodes.CondExpr,
    nodes.Not,
    nodes.And,
    nodes.Or,
    nodes.Compare,
    nodes.Operand,
    nodes.Concat,
    nodes.Const,
    nodes.Name,
    nodes.Getattr,
    nodes.Filter,
    nodes.Keyword,
)
_ALLOWED_COMPARISONS = {"eq", "ne"}


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        autoescape=False,  # plain text; the reply's HTML is made from it by the core
        undefined=ChainableUndefined,  # unknown names and missing values render empty
        keep_trailing_newline=True,
        finalize=lambda value: "" if value is None else value,
    )
    env.filters = dict(FILTERS)
    env.tests = {}
    env.globals = {}
    return env


_ENV = _environment()


def _what(node: nodes.Node) -> str:
    return type(node).__name__


def _check_structure(tree: nodes.Template) -> None:
    """Refuse every construct outside the tiny language (see the module docstring)."""
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            raise ValidationError(
                _("This is not allowed in a template: %(what)s."),
                code="forbidden",
                params={"what": _what(node)},
            )
        if isinstance(node, nodes.Name) and node.ctx != "load":
            raise ValidationError(
                _("This is not allowed in a template: %(what)s."),
                code="forbidden",
                params={"what": "assignment"},
            )
        if isinstance(node, nodes.Operand) and node.op not in _ALLOWED_COMPARISONS:
            raise ValidationError(
                _("Only == and != comparisons are allowed in a template."), code="forbidden"
            )
        if isinstance(node, nodes.Filter):
            _check_filter(node)
        if isinstance(node, nodes.Getattr) and not isinstance(node.node, nodes.Name):
            raise ValidationError(
                _("Write placeholders as group.field, e.g. {{ ticket.number }}."),
                code="forbidden",
            )


def _check_filter(node: nodes.Filter) -> None:
    if node.name not in FILTERS:
        raise ValidationError(
            _("Unknown filter: %(name)s. Allowed: %(allowed)s."),
            code="unknown_filter",
            params={"name": node.name, "allowed": ", ".join(sorted(FILTERS))},
        )
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        raise ValidationError(
            _("This is not allowed in a template: %(what)s."),
            code="forbidden",
            params={"what": "*args"},
        )
    for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
        if not isinstance(arg, nodes.Const):
            raise ValidationError(
                _('Filter arguments must be plain values, e.g. default("du").'),
                code="forbidden",
            )


def _references(tree: nodes.Template) -> Iterator[tuple[str, str | None]]:
    """(group, field) for every name used; field is None for a bare group such as ``{{ ticket }}``."""
    attributed: set[int] = set()
    for getattr_node in tree.find_all(nodes.Getattr):
        if isinstance(getattr_node.node, nodes.Name):
            attributed.add(id(getattr_node.node))
            yield getattr_node.node.name, getattr_node.attr
    for name in tree.find_all(nodes.Name):
        if id(name) not in attributed:
            yield name.name, None


@functools.lru_cache(maxsize=512)
def _compile(text: str) -> tuple[Any, frozenset[str], tuple[str, ...]]:
    """Parse, check and compile ``text`` once per process: (template, groups used, unknown names).

    Raises ``ValidationError`` for bad syntax or forbidden constructs.
    """
    try:
        tree = _ENV.parse(text)
    except RecursionError as exc:
        raise ValidationError(_("The text is nested too deeply"), code="syntax") from exc
    except TemplateSyntaxError as exc:
        raise ValidationError(
            _("Placeholder syntax error on line %(line)s: %(error)s"),
            code="syntax",
            params={"line": exc.lineno, "error": exc.message or ""},
        ) from exc
    _check_structure(tree)
    groups: set[str] = set()
    unknown: list[str] = []
    for group, field in _references(tree):
        if group in _FIELDS and field in _FIELDS[group]:
            groups.add(group)
        else:
            name = f"{group}.{field}" if field else group
            if name not in unknown:
                unknown.append(name)
    template = _ENV.from_string(tree)
    _trial(template)
    return template, frozenset(groups), tuple(unknown)


def _trial(template: Any) -> None:
    """Render once with a sample value in every placeholder, so that a filter given the wrong
    arguments (``truncate("a")``, ``upper(1)``) is refused when saved rather than failing when
    a ticket uses it; the values' types are those of real data."""
    sample = {
        group: SimpleNamespace(**{field: 1 if field in _NUMBERS else "x" for field in fields})
        for group, fields in _FIELDS.items()
    }
    try:
        template.render(sample)
    except Exception as exc:  # any failure means the text cannot be used
        raise ValidationError(
            _("This text cannot be filled in: %(error)s"), code="render", params={"error": exc}
        ) from exc


def validate(text: str) -> None:
    """Raise ``ValidationError`` if ``text`` has bad syntax, a forbidden construct or an unknown
    placeholder; called wherever a text with placeholders is saved."""
    _template, _groups, unknown = _compile(text)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s."),
            code="unknown_placeholder",
            params={"names": ", ".join("{{ " + name + " }}" for name in unknown)},
        )


def placeholders_in(text: str) -> frozenset[str]:
    """The known placeholder groups ``text`` uses (``{"ticket", "contact"}``); for callers that
    want to know whether a text depends on, say, the agent."""
    return _compile(text)[1]


def render(text: str, *, ticket: Ticket, agent: User | None = None) -> str:
    """``text`` with its placeholders filled in from ``ticket`` (and the agent using it).

    Only the groups the text uses are read, so a text without ``contact.email`` costs no
    identity query. Unknown placeholders and missing values render as empty text.
    """
    if "{" not in text:
        return text
    template, groups, _unknown = _compile(text)
    # Namespaces, not dicts: a dict would expose its methods (``{{ ticket.items }}``).
    context = {group: SimpleNamespace(**_BUILDERS[group](ticket, agent)) for group in groups}
    try:
        return str(template.render(context))
    except Exception as exc:  # checked by a trial render when compiled
        raise ValidationError(
            _("This text cannot be filled in: %(error)s"), code="render", params={"error": exc}
        ) from exc


def _label(model: Any, field: str) -> str:
    return str(getattr(model, f"get_{field}_display")())


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def _ticket(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "subject": ticket.subject,
        "status": _label(ticket, "status"),
        "priority": _label(ticket, "priority"),
        "type": _label(ticket, "type") if ticket.type else "",
        "channel": _label(ticket, "channel") if ticket.channel else "",
        "tier": ticket.tier,
        "created": timezone.localtime(ticket.created_at).date().isoformat(),
        "url": settings.BASE_URL + reverse("portal:ticket", args=[ticket.number]),
    }


def _contact(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    contact = ticket.requester if ticket.requester_id else None
    if contact is None:
        return {}
    return {
        "name": contact.name,
        "first_name": _first_name(contact.name),
        "email": contact.email,
    }


def _organization(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    organization = ticket.organization if ticket.organization_id else None
    if organization is None:
        return {}
    return {"name": organization.name, "support_plan": organization.support_plan}


def _agent(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    if agent is None:
        return {}
    return {
        "name": agent.name,
        "first_name": _first_name(agent.name),
        "email": agent.email,
        "signature": agent.signature,
    }


def _team(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    team = ticket.team if ticket.team_id else None
    if team is None:
        return {}
    return {"name": team.name, "email": team.email}


def _company(ticket: Ticket, agent: User | None) -> dict[str, Any]:
    return {"name": settings.COMPANY_NAME}


_BUILDERS: dict[str, Callable[[Ticket, User | None], dict[str, Any]]] = {
    "ticket": _ticket,
    "contact": _contact,
    "organization": _organization,
    "agent": _agent,
    "team": _team,
    "company": _company,
}
assert set(_BUILDERS) == set(_FIELDS), "every placeholder group needs a builder"
