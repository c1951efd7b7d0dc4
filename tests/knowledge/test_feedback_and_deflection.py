"""Views, "Was this helpful?" answers, and deflection (the self-service ratio's numerator)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from fyr.core import clock
from fyr.knowledge import services as kb
from fyr.knowledge.models import ArticleFeedback, SuggestedArticleView
from fyr.knowledge.visitors import contact_key, visitor_key
from fyr.portal import services as portal
from fyr.tickets import services as tickets
from tests.conftest import inbound_email

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_record_view_counts_up(published):
    kb.record_view(published)
    kb.record_view(published)
    published.refresh_from_db()
    assert published.view_count == 2


def test_a_second_answer_replaces_the_first_and_counters_stay_exact(published, customer):
    kb.record_feedback(published, visitor="s:a", helpful=True)
    kb.record_feedback(published, visitor="s:b", helpful=True)
    kb.record_feedback(published, visitor="s:a", helpful=False, comment="Saknar steg 3")
    kb.record_feedback(published, visitor="s:a", helpful=False, comment="Saknar steg 4")
    kb.record_feedback(published, visitor="c:x", helpful=False, contact=customer)
    published.refresh_from_db()
    assert (published.helpful_count, published.not_helpful_count) == (1, 2)
    assert ArticleFeedback.objects.count() == 3
    assert ArticleFeedback.objects.get(visitor="s:a").comment == "Saknar steg 4"


def _request(session_contact=None):
    request = RequestFactory().get("/portal/help/")
    SessionMiddleware(lambda r: None).process_request(request)
    if session_contact is not None:
        request.session[portal.SESSION_KEY] = session_contact.pk
    return request


def test_visitor_key_is_stable_per_session_and_per_contact(customer, db):
    anonymous = _request()
    first = visitor_key(anonymous)
    assert first.startswith("s:") and len(first) <= 64
    assert visitor_key(anonymous) == first
    assert visitor_key(_request()) != first
    signed_in = _request(customer)
    assert visitor_key(signed_in) == contact_key(customer.pk)
    assert visitor_key(signed_in) != f"c:{customer.pk}"  # hashed, not the id


def _request_ticket():
    return tickets.receive(inbound_email(external_id="<req@acme.se>")).ticket


def test_a_request_within_24_hours_is_not_a_deflection(published, customer, support):
    with clock.at(T0):
        kb.record_suggested_view(published, visitor="s:a", query="autogiro", source="search")
        kb.record_suggested_view(published, visitor="s:b", source="request_form")
        kb.record_suggested_view(published, visitor="s:c", contact=customer, source="bot")
    with clock.at(T0 + timedelta(hours=24)):  # exactly 24 h later still counts as "within"
        marked_a = kb.mark_request_sent(visitor="s:a", contact=None, ticket=_request_ticket())
    with clock.at(T0 + timedelta(hours=24, seconds=1)):  # too late: b was helped
        marked_b = kb.mark_request_sent(visitor="s:b", contact=None, ticket=_request_ticket())
    with clock.at(T0 + timedelta(hours=1)):  # c signed in: found through the contact
        marked_c = kb.mark_request_sent(
            visitor="c:other", contact=customer, ticket=_request_ticket()
        )
    assert (marked_a, marked_b, marked_c) == (1, 0, 1)
    view_a = SuggestedArticleView.objects.get(visitor="s:a")
    assert view_a.request_sent_at == T0 + timedelta(hours=24)
    assert view_a.query == "autogiro"
    deflected, _requests = kb.self_service_counts(T0 - timedelta(hours=1), T0 + timedelta(days=2))
    assert deflected == 1  # only b


def test_self_service_counts_distinct_visitors_and_requesters(published, customer, stranger):
    with clock.at(T0):
        kb.record_suggested_view(published, visitor="s:a", source="search")
        kb.record_suggested_view(published, visitor="s:a", source="search")
        kb.record_suggested_view(published, visitor="s:b", source="search")
    with clock.at(T0 + timedelta(days=3)):
        kb.record_suggested_view(published, visitor="s:late", source="search")
    with clock.at(T0 + timedelta(hours=2)):
        tickets.receive(inbound_email(external_id="<1@acme.se>"))
        tickets.receive(inbound_email(external_id="<2@acme.se>", subject="Igen"))
        tickets.receive(inbound_email("sven@other.se", external_id="<3@other.se>"))
    assert kb.self_service_counts(T0, T0 + timedelta(days=1)) == (2, 2)
    assert kb.self_service_counts(T0 + timedelta(days=1), T0 + timedelta(days=4)) == (1, 0)
