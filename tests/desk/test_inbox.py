from __future__ import annotations

import pytest
from django.urls import reverse

from fyr.tickets import services
from fyr.tickets.choices import Priority, Status
from fyr.tickets.events import Actor
from fyr.tickets.models import Ticket
from tests.desk.conftest import make_ticket


@pytest.fixture
def world(agent, colleague, support, billing, customer):
    """One ticket for each inbox view, as seen by ``agent`` (team Support)."""
    me = Actor.of_agent(agent)
    unassigned = make_ticket(support, subject="unassigned")
    mine = make_ticket(support, subject="mine")
    services.change_ticket(mine, actor=me, changes={"assignee": agent, "status": Status.OPEN})
    other_team = make_ticket(billing, subject="billing")
    no_team = make_ticket(None, subject="noteam")
    pending = make_ticket(support, subject="pending")
    services.change_ticket(
        pending, actor=me, changes={"assignee": colleague, "status": Status.PENDING}
    )
    solved = make_ticket(support, subject="solved")
    services.change_ticket(solved, actor=me, changes={"status": Status.SOLVED})
    return {
        "unassigned": unassigned,
        "mine": mine,
        "billing": other_team,
        "noteam": no_team,
        "pending": pending,
        "solved": solved,
    }


def listed(client, **params) -> set[str]:
    response = client.get(reverse("desk:inbox"), params)
    assert response.status_code == 200
    return {t.subject for t in response.context["page"].items}


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("mine", {"mine"}),
        ("unassigned", {"unassigned", "noteam"}),
        ("open", {"unassigned", "mine", "noteam"}),
        ("pending", {"pending"}),
        ("solved", {"solved"}),
        ("all", {"unassigned", "mine", "noteam", "pending", "solved"}),
    ],
)
def test_agent_inbox_views_show_exactly_their_tickets(client, agent, world, view, expected):
    client.force_login(agent)
    assert listed(client, view=view) == expected


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("mine", set()),
        ("unassigned", {"billing", "noteam"}),
        ("open", {"billing", "noteam"}),
        ("all", {"billing", "noteam"}),
    ],
)
def test_outsider_sees_only_own_team_and_triage(client, outsider, world, view, expected):
    client.force_login(outsider)
    assert listed(client, view=view) == expected


def test_admin_sees_every_ticket(client, admin, world):
    client.force_login(admin)
    assert listed(client, view="all") == set(world)


def test_sidebar_counts_match_views(client, agent, world):
    client.force_login(agent)
    response = client.get(reverse("desk:inbox"))
    counts = {v.key: n for v, n in response.context["views"]}
    # solved and all are not counted: that would read every ticket ever handled
    assert counts == {
        "mine": 1,
        "unassigned": 2,
        "open": 3,
        "pending": 1,
        "solved": None,
        "all": None,
    }


def test_filters_narrow_the_view(client, agent, world, support):
    client.force_login(agent)
    me = Actor.of_agent(agent)
    services.change_ticket(world["noteam"], actor=me, changes={"priority": Priority.URGENT})
    services.add_tags(world["unassigned"], ["vip"], actor=me)
    assert listed(client, view="all", priority="urgent") == {"noteam"}
    assert listed(client, view="all", tag="vip") == {"unassigned"}
    assert listed(client, view="all", team="none") == {"noteam"}
    assert listed(client, view="all", assignee="me") == {"mine"}
    assert listed(client, view="all", status="pending") == {"pending"}
    assert listed(client, view="all", channel="email", team=str(support.pk)) == {
        "unassigned",
        "mine",
        "pending",
        "solved",
    }


def test_sort_by_priority_puts_urgent_first(client, agent, world):
    client.force_login(agent)
    services.change_ticket(
        world["solved"], actor=Actor.of_agent(agent), changes={"priority": Priority.URGENT}
    )
    services.change_ticket(
        world["unassigned"], actor=Actor.of_agent(agent), changes={"priority": Priority.LOW}
    )
    response = client.get(reverse("desk:inbox"), {"view": "all", "sort": "priority"})
    subjects = [t.subject for t in response.context["page"].items]
    assert subjects[0] == "solved" and subjects[-1] == "unassigned"


def test_sort_by_created_is_newest_first(client, agent, world):
    client.force_login(agent)
    response = client.get(reverse("desk:inbox"), {"view": "all", "sort": "created"})
    subjects = [t.subject for t in response.context["page"].items]
    assert subjects == ["solved", "pending", "noteam", "mine", "unassigned"]


def test_htmx_filter_returns_the_list_partial(client, agent, world):
    client.force_login(agent)
    response = client.get(reverse("desk:inbox"), {"view": "all"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="bulk-form"' in html and 'hx-swap-oob="true"' in html


def test_paging_walks_all_tickets_in_pages_of_fifty(client, agent, support, customer):
    for n in range(55):
        make_ticket(support, subject=f"t{n}", n=n)
    client.force_login(agent)
    first = client.get(reverse("desk:inbox"), {"view": "all"})
    page = first.context["page"]
    assert len(page.items) == 50 and page.next_cursor
    assert "Next page" in first.content.decode()
    second = client.get(reverse("desk:inbox"), {"view": "all", "cursor": page.next_cursor})
    rest = second.context["page"]
    assert len(rest.items) == 5 and rest.next_cursor is None
    assert "First page" in second.content.decode()
    seen = {t.pk for t in page.items} | {t.pk for t in rest.items}
    assert len(seen) == 55


def test_bad_cursor_shows_error_and_first_page(client, agent, world):
    client.force_login(agent)
    response = client.get(reverse("desk:inbox"), {"view": "all", "cursor": "garbage!"})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 5
    assert "cursor is not valid" in response.content.decode()


def test_inbox_query_count_does_not_grow_with_rows(
    client, agent, support, customer, django_assert_max_num_queries
):
    client.force_login(agent)
    for n in range(5):
        make_ticket(support, subject=f"a{n}", n=n)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("desk:inbox"), {"view": "all"}).status_code == 200
    for n in range(35):
        services.add_tags(
            make_ticket(support, subject=f"b{n}", n=n), ["x", f"y{n}"], actor=Actor.of_agent(agent)
        )
    assert Ticket.objects.count() == 40
    with django_assert_max_num_queries(16):
        assert client.get(reverse("desk:inbox"), {"view": "all"}).status_code == 200


def test_rows_show_requester_name_or_first_email_tags_and_labels(client, agent, support, customer):
    from fyr.customers.models import ContactIdentity

    named = make_ticket(support, subject="named", n=1)
    unnamed = make_ticket(support, sender="nils@example.org", subject="unnamed", n=2)
    contact = unnamed.requester
    ContactIdentity.objects.create(contact=contact, kind="email", value="later@example.org")
    services.add_tags(named, ["zeta", "alfa"], actor=Actor.of_agent(agent))
    services.change_ticket(named, actor=Actor.of_agent(agent), changes={"priority": Priority.HIGH})
    client.force_login(agent)
    response = client.get(reverse("desk:inbox"), {"view": "all"})
    rows = {row.subject: row for row in response.context["page"].items}
    assert rows["named"].requester == "Karin Kund"
    assert rows["named"].organization == "Acme AB"
    assert rows["named"].tags == ("alfa", "zeta")
    assert (rows["named"].priority_label, rows["named"].assignee) == ("High", "—")
    assert rows["unnamed"].requester == "nils@example.org"  # the first email, not a later one
    html = response.content.decode()
    assert "nils@example.org" in html and "later@example.org" not in html
    assert '<span class="tag">alfa</span><span class="tag">zeta</span>' in html
    assert 'class="badge status-new">New</span>' in html
