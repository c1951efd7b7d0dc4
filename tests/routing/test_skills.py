"""Skills mode: a ticket goes only to an agent who has every skill its rules require."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyr.accounts.choices import AssignmentMode
from fyr.accounts.models import Skill
from fyr.core import configcache
from fyr.customers import services as customers
from fyr.routing import services as routing
from fyr.routing.models import SkillRule
from fyr.tickets import services as tickets
from fyr.tickets.choices import TicketType
from fyr.tickets.events import Actor
from tests.routing.conftest import arrive, make_agents


@pytest.fixture
def skilled(support):
    routing.set_assignment_mode(support, AssignmentMode.SKILLS)
    return support


def test_a_tagged_ticket_goes_to_the_agent_with_the_skill(skilled, customer):
    _plain, invoicing = make_agents(skilled, 2)
    routing.set_skills(invoicing, ["Invoicing"])
    routing.create_skill_rule(skill="Invoicing", tag="Faktura")
    ticket = arrive(skilled)
    tickets.change_ticket(ticket, actor=Actor.system(), changes={"assignee": None})
    tickets.change_ticket(ticket, actor=Actor.system(), changes={"tags": ["faktura"]})

    chosen = routing.choose_agent(ticket)

    assert chosen == invoicing


def test_every_required_skill_must_match_or_the_ticket_waits(skilled):
    english, both = make_agents(skilled, 2)
    routing.set_skills(english, ["English"])
    routing.set_skills(both, ["English", "Incidents"])
    routing.create_skill_rule(skill="English", language="en")
    routing.create_skill_rule(skill="Incidents", ticket_type=TicketType.INCIDENT)
    customers.create_contact(name="Jane", email="jane@example.com", language="en-GB")

    ticket = arrive(skilled, sender="jane@example.com")
    assert ticket.assignee_id in (english.pk, both.pk)
    tickets.change_ticket(
        ticket, actor=Actor.system(), changes={"assignee": None, "type": TicketType.INCIDENT}
    )

    assert routing.choose_agent(ticket) == both
    routing.set_skills(both, ["English"])
    assert routing.choose_agent(ticket) is None


def test_a_ticket_needing_no_skill_goes_to_the_least_loaded(skilled, customer):
    first, second = make_agents(skilled, 2)
    routing.set_skills(first, ["Invoicing"])

    a, b = arrive(skilled), arrive(skilled)

    assert {a.assignee_id, b.assignee_id} == {first.pk, second.pk}


def test_required_skills_from_rules_match_language_prefixes(db):
    routing.create_skill_rule(skill="English", language="EN")
    routing.create_skill_rule(skill="Invoicing", tag="faktura")
    routing.create_skill_rule(skill="Complaints", ticket_type="complaint")
    ids = dict(Skill.objects.values_list("name", "pk"))

    needed = routing.required_skills(
        tags=["faktura", "x"], ticket_type="complaint", language="en-US"
    )

    assert needed == {ids["English"], ids["Invoicing"], ids["Complaints"]}
    assert routing.required_skills(tags=[], ticket_type="question", language="sv") == set()


@pytest.mark.parametrize(
    "condition",
    [{}, {"tag": "a", "language": "en"}, {"tag": "a", "ticket_type": "task"}, {"ticket_type": "x"}],
)
def test_a_rule_needs_exactly_one_condition(db, condition):
    with pytest.raises(ValidationError):
        routing.create_skill_rule(skill="Any", **condition)
    assert SkillRule.objects.count() == 0


def test_the_database_refuses_a_rule_with_two_conditions(db):
    skill = Skill.objects.create(name="Any")
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillRule.objects.create(skill=skill, tag="a", language="en")


def test_a_duplicate_rule_is_refused(db):
    routing.create_skill_rule(skill="Any", tag="a")
    with pytest.raises(ValidationError):
        routing.create_skill_rule(skill="Any", tag="A")


SKILL_NAMES = ["English", "Invoicing", "Incidents", "Contracts"]


class _Rollback(Exception):
    pass


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    agent_skills=st.lists(st.sets(st.sampled_from(SKILL_NAMES)), min_size=1, max_size=4),
    tags=st.sets(st.sampled_from(["faktura", "avtal", "annat"])),
    ticket_type=st.sampled_from([TicketType.QUESTION, TicketType.INCIDENT]),
    english=st.booleans(),
)
def test_skills_always_match(skilled, agent_skills, tags, ticket_type, english):
    """Whoever is chosen has every required skill; nobody is chosen only if nobody has them."""
    try:
        with transaction.atomic():
            check_skills(skilled, agent_skills, tags, ticket_type, english)
            raise _Rollback
    except _Rollback:
        pass
    configcache.clear()


def check_skills(team, agent_skills, tags, ticket_type, english) -> None:
    routing.create_skill_rule(skill="English", language="en")
    routing.create_skill_rule(skill="Invoicing", tag="faktura")
    routing.create_skill_rule(skill="Contracts", tag="avtal")
    routing.create_skill_rule(skill="Incidents", ticket_type=TicketType.INCIDENT)
    agents = make_agents(team, len(agent_skills))
    for agent, names in zip(agents, agent_skills, strict=True):
        routing.set_skills(agent, sorted(names))
    routing.set_assignment_mode(team, AssignmentMode.MANUAL)
    sender = "en@example.com" if english else "sv@example.se"
    customers.create_contact(name="X", email=sender, language="en" if english else "sv")
    ticket = arrive(team, sender=sender)
    tickets.change_ticket(
        ticket, actor=Actor.system(), changes={"tags": sorted(tags), "type": ticket_type}
    )
    needed = set(tags & {"faktura", "avtal"}) | ({"English"} if english else set())
    needed = {{"faktura": "Invoicing", "avtal": "Contracts"}.get(n, n) for n in needed}
    if ticket_type == TicketType.INCIDENT:
        needed.add("Incidents")

    chosen = routing.choose_agent(ticket, mode=AssignmentMode.SKILLS)

    qualified = [a for a, names in zip(agents, agent_skills, strict=True) if needed <= names]
    if chosen is None:
        assert qualified == []
    else:
        assert needed <= set(chosen.skills.values_list("name", flat=True))
