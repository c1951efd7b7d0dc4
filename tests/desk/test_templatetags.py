"""The desk's fast template helpers render the same truths Django's widgets and filters would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django import forms
from django.utils import timezone, translation

from fyr.core.templatetags import desk


def test_time_ago_is_compact_and_carries_exact_time():
    now = timezone.now()
    with translation.override("en"):
        assert ">now<" in desk.time_ago(now)
        assert ">5 min<" in desk.time_ago(now - timedelta(minutes=5, seconds=3))
        assert ">3 h<" in desk.time_ago(now - timedelta(hours=3, minutes=1))
        assert ">2 d<" in desk.time_ago(now - timedelta(days=2, hours=1))
    old = now - timedelta(days=400)
    rendered = desk.time_ago(old)
    assert f'datetime="{old.isoformat()}"' in rendered
    assert timezone.localtime(old).strftime("%Y-%m-%d") in rendered
    assert desk.time_ago(None) == ""


def test_local_time_shows_local_wall_clock(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    instant = datetime(2025, 3, 3, 9, 15, tzinfo=UTC)
    assert desk.local_time(instant) == (
        '<time datetime="2025-03-03T09:15:00+00:00" title="2025-03-03 10:15">2025-03-03 10:15</time>'
    )
    assert ">10:15</time>" in desk.local_time(instant, "time")


class _Form(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "—"), ("red", "Röd <b>"), ("blue", "Blå")], required=False
    )
    secret = forms.CharField(widget=forms.HiddenInput)


def test_select_marks_the_current_value_and_escapes_labels():
    form = _Form(initial={"colour": "blue"})
    html = desk.select(form["colour"])
    assert html.startswith('<select name="colour" id="id_colour">')
    assert '<option value="blue" selected>Blå</option>' in html
    assert '<option value="red">Röd &lt;b&gt;</option>' in html
    assert html.count(" selected") == 1


def test_select_reads_model_choices(agent, colleague, light_agent):
    from fyr.tickets.forms import TicketEditForm

    form = TicketEditForm(initial={"assignee": colleague.pk})
    html = desk.select(form["assignee"])
    assert f'<option value="{colleague.pk}" selected>{colleague.name}</option>' in html
    assert f'value="{agent.pk}"' in html
    assert f'value="{light_agent.pk}"' not in html  # light agents are not assignable


def test_hidden_inputs_render_every_hidden_field():
    form = _Form(initial={"secret": 'a"b'})
    assert desk.hidden_inputs(form) == '<input type="hidden" name="secret" value="a&quot;b">'
