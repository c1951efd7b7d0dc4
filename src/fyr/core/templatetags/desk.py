"""Template helpers for the desk: compact event sentences and small labels."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, cast

from django import forms, template
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fyr.sla.choices import Metric
from fyr.tickets.choices import EventKind, Priority, Status, TicketType
from fyr.tickets.storage import INLINE_IMAGE_TYPES

register = template.Library()

_LABELS: dict[str, Any] = {
    EventKind.STATUS_CHANGED: Status,
    EventKind.REOPENED: Status,
    EventKind.PRIORITY_CHANGED: Priority,
    EventKind.TYPE_CHANGED: TicketType,
}

_FIELD_NAMES = {
    EventKind.STATUS_CHANGED: lambda: _("status"),
    EventKind.PRIORITY_CHANGED: lambda: _("priority"),
    EventKind.TYPE_CHANGED: lambda: _("type"),
    EventKind.TIER_CHANGED: lambda: _("support tier"),
    EventKind.SUBJECT_CHANGED: lambda: _("subject"),
}


def _label(choices: Any, value: Any) -> str:
    if value in (None, ""):
        return "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


@register.filter
def actor_name(event: Any) -> str:
    if event.actor_agent is not None:
        return str(event.actor_agent)
    if event.actor_contact is not None:
        return str(event.actor_contact)
    rule = (event.data or {}).get("rule")
    if isinstance(rule, dict) and rule.get("name"):
        return str(rule["name"])  # Fyr acting by a rule: name the rule
    return "Fyr"


@register.filter
def event_text(event: Any) -> str:
    """One short sentence: "Agnes changed status from New to Open"."""
    who = actor_name(event)
    data = event.data or {}
    kind = event.kind
    if kind in _FIELD_NAMES:
        choices = _LABELS.get(kind)
        before = _label(choices, data.get("before")) if choices else data.get("before") or "—"
        after = _label(choices, data.get("after")) if choices else data.get("after") or "—"
        return _("%(who)s changed %(field)s from %(before)s to %(after)s") % {
            "who": who,
            "field": _FIELD_NAMES[kind](),
            "before": before,
            "after": after,
        }
    if kind == EventKind.REOPENED:
        return _("%(who)s reopened the ticket") % {"who": who}
    if kind == EventKind.ASSIGNEE_CHANGED:
        if data.get("after") is None:
            return _("%(who)s unassigned the ticket") % {"who": who}
        return _("%(who)s assigned the ticket to %(name)s") % {
            "who": who,
            "name": data.get("name") or "?",
        }
    if kind == EventKind.TEAM_CHANGED:
        if data.get("after") is None:
            return _("%(who)s removed the team") % {"who": who}
        return _("%(who)s moved the ticket to %(name)s") % {"who": who, "name": data.get("name")}
    if kind == EventKind.TAGS_CHANGED:
        before, after = set(data.get("before") or []), set(data.get("after") or [])
        parts = [f"+{t}" for t in sorted(after - before)] + [
            f"−{t}" for t in sorted(before - after)
        ]
        return _("%(who)s changed tags: %(tags)s") % {"who": who, "tags": " ".join(parts)}
    if kind == EventKind.CREATED:
        return _("%(who)s created the ticket") % {"who": who}
    if kind == EventKind.MERGED_INTO:
        return _("%(who)s merged this ticket into #%(number)s") % {
            "who": who,
            "number": data.get("target"),
        }
    if kind == EventKind.MERGED_FROM:
        return _("%(who)s merged #%(number)s into this ticket") % {
            "who": who,
            "number": data.get("source"),
        }
    if kind == EventKind.REQUESTER_CHANGED:
        return _("%(who)s changed the requester to %(name)s") % {
            "who": who,
            "name": data.get("name"),
        }
    if kind in (EventKind.ESCALATED, EventKind.DE_ESCALATED):  # fyr.routing's tiers
        text = (
            _("%(who)s escalated the ticket from tier %(before)s to %(after)s: %(reason)s")
            if kind == EventKind.ESCALATED
            else _("%(who)s returned the ticket from tier %(before)s to %(after)s: %(reason)s")
        )
        return text % {
            "who": who,
            "before": data.get("before"),
            "after": data.get("after"),
            "reason": data.get("reason", ""),
        }
    if kind == EventKind.MACRO_APPLIED:  # fyr.macros
        macro = data.get("macro") or {}
        return _("%(who)s applied the macro %(name)s") % {"who": who, "name": macro.get("name")}
    if kind == EventKind.DELIVERY_FAILED:
        return _("Delivery failed: %(error)s") % {"error": data.get("error", "")}
    if kind in (EventKind.SLA_WARNING, EventKind.SLA_BREACHED):
        metric = _label(Metric, data.get("metric"))
        if kind == EventKind.SLA_WARNING:
            return _("%(metric)s is due soon (SLA policy %(who)s)") % {"metric": metric, "who": who}
        return _("%(metric)s target missed (SLA policy %(who)s)") % {"metric": metric, "who": who}
    return f"{who}: {EventKind(kind).label if kind in EventKind.values else kind}"


@register.filter
def is_inline_image(attachment: Any) -> bool:
    return attachment.content_type in INLINE_IMAGE_TYPES


@register.filter
def label_of(labels: dict[str, str], value: str) -> str:
    """``labels[value]``: choice labels translated once per page, not once per row."""
    return labels.get(value, value)


@register.simple_tag
def time_ago(value: datetime | None) -> str:
    """A ``<time>`` element with a compact relative time ("5 min", "3 h", "2 d"), the exact
    local time as its title, and the ISO time for machines; cheap enough for every inbox row."""
    if value is None:
        return ""
    return time_ago_formatter(timezone.now())(value)


def time_ago_formatter(now: datetime) -> Callable[[datetime], SafeString]:
    """``time_ago`` as seen at ``now``, for a page of rows: the clock, the time zone and the
    translated units are read once rather than once per row."""
    zone = timezone.get_current_timezone()
    just_now, minutes, hours, days = _("now"), _("%(n)d min"), _("%(n)d h"), _("%(n)d d")

    def html(value: datetime) -> SafeString:
        seconds = max(0, int((now - value).total_seconds()))
        local = value.astimezone(zone)
        if seconds < 60:
            text = just_now
        elif seconds < 3600:
            text = minutes % {"n": seconds // 60}
        elif seconds < 86400:
            text = hours % {"n": seconds // 3600}
        elif seconds < 86400 * 30:
            text = days % {"n": seconds // 86400}
        else:
            text = local.strftime("%Y-%m-%d")
        # Only ``text`` can hold characters to escape; the times are digits, dashes and colons.
        return mark_safe(
            f'<time datetime="{value.isoformat()}" title="{local.strftime("%Y-%m-%d %H:%M")}">'
            f"{escape(text)}</time>"
        )

    return html


@register.simple_tag
def local_time(value: datetime | None, style: str = "datetime") -> str:
    """``<time>`` with the local time as ``2026-03-03 10:15`` (or ``10:15`` for ``style="time"``).

    Django's ``date`` filter localises through the format machinery on every call; on a ticket
    with a hundred messages that was a third of the page's rendering time.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    full = local.strftime("%Y-%m-%d %H:%M")
    shown = local.strftime("%H:%M") if style == "time" else full
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(), full, shown)


@register.filter
def is_select(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.Select) and not isinstance(
        field.field.widget, forms.SelectMultiple
    )


def _options(choices: Iterable[Any], selected: set[str]) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            parts.append(
                f'<optgroup label="{escape(value)}">{_options(label, selected)}</optgroup>'
            )
        else:
            key = "" if value is None else str(value)
            mark = " selected" if key in selected else ""
            parts.append(f'<option value="{escape(key)}"{mark}>{escape(label)}</option>')
    return "".join(parts)


def _choices(field: forms.Field) -> Iterable[Any]:
    """A field's choices; a model choice field's read with one plain query (its own iterator
    opens a server-side cursor, several round trips on PostgreSQL)."""
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        return empty + [
            (field.prepare_value(obj), field.label_from_instance(obj)) for obj in field.queryset
        ]
    return cast(Iterable[Any], cast(forms.ChoiceField, field).choices)


@register.simple_tag
def select(field: forms.BoundField) -> str:
    """A bound choice field's ``<select>``, built in Python.

    Django's select widget renders every option through the template engine; the ticket page's
    property bar (every agent and team as options) cost more to draw than its data cost to read.
    """
    value = field.value()
    selected = {"" if value is None else str(value)}
    attrs = {"name": field.html_name, "id": field.auto_id, **field.field.widget.attrs}
    if field.field.required:
        attrs["required"] = True
    if field.field.disabled:
        attrs["disabled"] = True
    rendered_attrs = format_html_join(
        "",
        " {}{}",
        (
            (name, "" if val is True else format_html('="{}"', val))
            for name, val in attrs.items()
            if val
        ),
    )
    options = mark_safe(_options(_choices(field.field), selected))  # escaped in _options
    return format_html("<select{}>{}</select>", rendered_attrs, options)


@register.simple_tag
def hidden_inputs(form: forms.BaseForm) -> str:
    """The form's hidden fields as plain inputs, built once and reused by every small form."""
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        (
            (field.html_name, field.field.widget.format_value(field.value()) or "")
            for field in form.hidden_fields()
        ),
    )
