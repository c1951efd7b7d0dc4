"""Search over tickets, contacts and articles, on whichever database the run uses (SQLite by
default, PostgreSQL with ``FYR_DATABASE_URL``): inflections, compounds, typos, phrases,
exclusions, filters, permissions, and the index kept current as things change."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fyr.customers import services as customers
from fyr.knowledge.choices import ArticleStatus, Visibility
from fyr.knowledge.models import Article, Category, Section
from fyr.search import indexing
from fyr.search.query import QueryError
from fyr.search.services import search, suggest_articles
from fyr.tickets import services as tickets
from fyr.tickets.events import Actor
from tests.conftest import inbound_email

TOKENS = [
    '"',
    "-",
    "OR",
    "status:",
    "status:open",
    "#",
    "#12",
    "12",
    "faktura",
    "å",
    "*",
    "(",
    ")",
    "NEAR",
    "AND",
    "NOT",
    "'",
    ":*",
    "&",
    "|",
    "!",
    "created>",
    "created>2026-01-01",
    "tag:x",
    "\\",
    "^",
    "{",
    "}",
    "team:",
    "-faktura",
    '"a b"',
    "ümlaut",
    "\x00",
]


def receive(subject: str, body: str, *, sender: str = "karin@acme.se", team=None, n: int = 0):
    return tickets.receive(
        inbound_email(
            sender=sender,
            subject=subject,
            text=body,
            external_id=f"<{subject[:10]}-{n}-{sender}>",
            team_id=team.pk if team else None,
        )
    ).ticket


def ids(page):
    return [hit.id for hit in page.items]


@pytest.fixture
def section(db):
    category = Category.objects.create(slug="konto", name_sv="Konto")
    return Section.objects.create(category=category, slug="betalning", name_sv="Betalning")


def article(section, title, body, *, status=ArticleStatus.PUBLISHED, visibility="public"):
    created = Article.objects.create(
        section=section,
        title=title,
        slug=title.lower().replace(" ", "-")[:50],
        summary="",
        body_markdown=body,
        status=status,
        visibility=visibility,
    )
    indexing.article_changed(created.pk)
    return created


def test_inflection_fakturan_finds_faktura(customer, support, admin):
    found = receive("Fråga", "Jag har fått en faktura som är fel.", team=support)
    receive("Leverans", "Paketet kom aldrig fram.", team=support, n=1)

    page = search("fakturan", scope="tickets", user=admin)

    assert ids(page) == [found.pk]
    assert "<mark>faktura</mark>" in page.items[0].snippet


def test_compound_found_by_its_first_part(customer, support, admin):
    found = receive("Adressfel", "Fakturaadressen är gammal, kan ni ändra den?", team=support)

    assert ids(search("faktura", scope="tickets", user=admin)) == [found.pk]


def test_typo_is_corrected(customer, support, admin):
    found = receive("Fakturan", "Min faktura har fel belopp.", team=support)

    page = search("fakutra", scope="tickets", user=admin)

    assert ids(page) == [found.pk]
    assert list(page.corrected) == ["fakutra"]


def test_phrase_needs_the_words_together(customer, support, admin):
    together = receive("Kort", "Jag vill betala med kort nästa gång.", team=support)
    receive("Kort igen", "Kort är bra, men jag vill betala senare.", team=support, n=1)

    assert ids(search('"betala med kort"', scope="tickets", user=admin)) == [together.pk]


def test_exclusion_drops_tickets_with_the_word(customer, support, admin):
    kept = receive("Faktura", "Fakturan kom i dag.", team=support)
    receive("Faktura igen", "Fakturan kom men leveransen saknas.", team=support, n=1)

    assert ids(search("faktura -leverans", scope="tickets", user=admin)) == [kept.pk]


def test_or_finds_either(customer, support, admin):
    first = receive("Kvitto", "Var är mitt kvitto?", team=support)
    second = receive("Retur", "Hur gör jag en retur?", team=support, n=1)
    receive("Annat", "Något helt annat.", team=support, n=2)

    assert set(ids(search("kvitto OR retur", scope="tickets", user=admin))) == {
        first.pk,
        second.pk,
    }


def test_subject_ranks_above_body(customer, support, admin):
    in_body = receive("Hej", "Det gäller leveransen av min order.", team=support)
    in_subject = receive("Leveransen är sen", "Hej, när kommer den?", team=support, n=1)

    assert ids(search("leverans", scope="tickets", user=admin)) == [in_subject.pk, in_body.pk]


def test_filters(customer, support, billing, agent, admin):
    mine = receive("Faktura ett", "faktura", team=support)
    other = receive("Faktura två", "faktura", team=billing, n=1)
    tickets.change_ticket(
        mine, actor=Actor.of_agent(admin), changes={"assignee": agent, "tags": ["faktura", "vip"]}
    )

    assert ids(search("faktura assignee:me", scope="tickets", user=agent)) == [mine.pk]
    assert ids(search("faktura tag:faktura", scope="tickets", user=admin)) == [mine.pk]
    assert ids(search("tag:faktura tag:vip", scope="tickets", user=admin)) == [mine.pk]
    assert ids(search("tag:faktura tag:nej", scope="tickets", user=admin)) == []
    assert ids(search("faktura team:billing", scope="tickets", user=admin)) == [other.pk]
    assert ids(search(f"#{other.number}", scope="tickets", user=admin)) == [other.pk]
    assert ids(search(str(other.number), scope="tickets", user=admin))[0] == other.pk
    assert set(ids(search("status:new", scope="tickets", user=admin))) == {mine.pk, other.pk}
    assert ids(search("faktura requester:karin@acme.se", scope="tickets", user=admin)) == [
        other.pk,
        mine.pk,
    ]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("colour:red", "Unknown filter"),
        ("status:maybe", "not a status"),
        ("created>igår", "not a date"),
        ("-faktura", "Add a word"),
        ("team:nobody", "No team"),
    ],
)
def test_bad_queries_are_clear_errors(admin, q, message):
    with pytest.raises(QueryError, match=message):
        search(q, scope="tickets", user=admin)


def test_agent_of_another_team_does_not_find_the_ticket(customer, support, agent, outsider):
    hidden = receive("Hemlig faktura", "Kontonummer 1234-5678", team=support)
    tickets.add_note(hidden, author=agent, body="Intern anteckning om återbetalning")

    assert ids(search("återbetalning", scope="tickets", user=agent)) == [hidden.pk]
    page = search("återbetalning", scope="tickets", user=outsider)
    assert page.items == []
    assert search("faktura", scope="tickets", user=outsider).items == []


def test_customer_searches_no_tickets(customer, support):
    receive("Faktura", "faktura", team=support)

    assert search("faktura", scope="tickets", user=None).items == []


def test_index_follows_reply_subject_change_and_merge(customer, support, agent, admin):
    first = receive("Fråga", "Hej", team=support)
    second = receive("Annan fråga", "Hej igen", team=support, n=1)

    tickets.reply(first, author=agent, body="Vi skickar en kreditnota i dag.")
    tickets.change_ticket(first, actor=Actor.of_agent(agent), changes={"subject": "Returnera"})
    tickets.reply(second, author=agent, body="Kreditnotan är skickad.")
    tickets.merge_tickets(second, first, actor=Actor.of_agent(agent))

    assert ids(search("kreditnota", scope="tickets", user=admin)) == [first.pk]
    assert ids(search("returnera", scope="tickets", user=admin)) == [first.pk]
    assert search("fråga", scope="tickets", user=admin).items == []


def test_pagination_by_cursor(customer, support, admin):
    made = [receive(f"Faktura {i}", "faktura", team=support, n=i) for i in range(5)]

    first = search("faktura", scope="tickets", user=admin, limit=3)
    second = search("faktura", scope="tickets", user=admin, limit=3, cursor=first.next_cursor)

    assert len(first.items) == 3 and second.next_cursor is None
    assert set(ids(first) + ids(second)) == {t.pk for t in made}


def test_bad_cursor(admin):
    with pytest.raises(QueryError, match="cursor"):
        search("faktura", scope="tickets", user=admin, cursor="nonsense")


def test_contacts_by_name_email_and_merge(acme, admin, customer):
    other = customers.create_contact(name="Karin Andersson", email="karin.a@example.se")

    assert ids(search("karin", scope="contacts", user=admin)) == [other.pk, customer.pk]
    assert ids(search("example", scope="contacts", user=admin)) == [other.pk]
    assert ids(search("acme", scope="contacts", user=admin)) == [customer.pk]
    tickets.merge_contacts(other, customer, actor=Actor.of_agent(admin))
    assert ids(search("andersson", scope="contacts", user=admin)) == []
    assert ids(search("example", scope="contacts", user=admin)) == [customer.pk]


def test_a_contact_from_a_first_mail_a_new_address_and_a_renamed_organization(acme, admin):
    received = tickets.receive(inbound_email("ny.kund@kund.se", name="Nora Nykvist"))
    contact = received.ticket.requester
    assert ids(search("nykvist", scope="contacts", user=admin)) == [contact.pk]

    customers.add_identity(contact, "email", "nora@privat.se")
    assert ids(search("privat", scope="contacts", user=admin)) == [contact.pk]

    customers.update_contact(contact, organization=acme)
    customers.update_organization(acme, name="Bolaget Nordkap")
    assert contact.pk in ids(search("nordkap", scope="contacts", user=admin))


def test_ticket_found_by_requester_name(acme, customer, support, admin):
    found = receive("Hej", "Hej", team=support)

    assert ids(search("kund", scope="tickets", user=admin)) == [found.pk]


def test_articles_for_customers_and_agents(section, agent):
    public = article(section, "Betala fakturan", "Du betalar fakturan med kort.")
    internal = article(section, "Fakturarutiner", "Intern faktura.", visibility="internal")
    draft = article(section, "Fakturautkast", "faktura", status=ArticleStatus.DRAFT)
    article(section, "Gammal faktura", "faktura", status=ArticleStatus.ARCHIVED)

    assert ids(search("faktura", scope="articles", user=None)) == [public.pk]
    assert set(ids(search("faktura", scope="articles", user=agent))) == {
        public.pk,
        internal.pk,
        draft.pk,
    }


def test_article_edit_and_removal_reach_the_index(section):
    found = article(section, "Leverans", "Paket kommer inom tre dagar.")
    found.title = "Returer"
    found.body_markdown = "Skicka tillbaka varan."
    found.save()
    indexing.article_changed(found.pk)

    assert search("leverans", scope="articles").items == []
    assert ids(search("returer", scope="articles")) == [found.pk]
    found.visibility = Visibility.INTERNAL
    found.save()
    indexing.article_changed(found.pk)
    assert search("returer", scope="articles").items == []
    indexing.article_removed(found.pk)
    assert search("returer", scope="articles", user=None).items == []


def test_suggest_articles_uses_any_significant_word(section):
    pay = article(section, "Betala med kort", "Så betalar du med kort.")
    article(section, "Byta lösenord", "Så byter du lösenord.")

    hits = suggest_articles("Hur kan jag betala min faktura?", public_only=True)

    assert [h.id for h in hits] == [pay.pk]
    assert "<mark>" in hits[0].snippet


def test_snippet_is_escaped(customer, support, admin):
    receive("Skript", "<script>alert(1)</script> faktura", team=support)

    snippet = search("faktura", scope="tickets", user=admin).items[0].snippet

    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_reindex_builds_everything(customer, support, admin, section):
    found = receive("Faktura", "Fakturan är fel", team=support)
    published = article(section, "Faktura", "faktura")

    done = indexing.reindex()

    assert done["ticket"] >= 1 and done["message"] >= 1 and done["article"] == 1
    assert ids(search("faktura", scope="tickets", user=admin)) == [found.pk]
    assert ids(search("faktura", scope="articles")) == [published.pk]


def test_common_words_do_not_block_a_match(customer, support, admin):
    found = receive("Fråga", "Jag har en fråga om min faktura.", team=support)

    assert ids(search("min faktura och", scope="tickets", user=admin)) == [found.pk]


def test_every_ticket_of_a_matching_requester(customer, support, admin):
    first = receive("Ett", "Hej", team=support)
    second = receive("Två", "Hej", team=support, n=1)

    assert set(ids(search("karin", scope="tickets", user=admin))) == {first.pk, second.pk}


def test_reindex_command(section, capsys):
    from django.core.management import call_command

    article(section, "Faktura", "faktura")

    call_command("reindex", "--scope", "articles")

    assert "article: 1 indexed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "cursor", ["WzEsIDk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ", "WyJ4IiwgMV0", "W05hTiwgMV0"]
)
def test_cursor_out_of_range(admin, cursor):
    with pytest.raises(QueryError, match="cursor"):
        search("faktura", scope="tickets", user=admin, cursor=cursor)


def test_nul_in_query(customer, support, admin):
    found = receive("Faktura", "faktura", team=support)

    assert ids(search("\x00faktura", scope="tickets", user=admin)) == [found.pk]


@given(q=st.text(max_size=80) | st.lists(st.sampled_from(TOKENS), max_size=6).map(" ".join))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_query_runs_or_is_a_clear_error(admin, section, ticket, q):
    for scope in ("tickets", "contacts", "articles"):
        try:
            search(q, scope=scope, user=admin)
        except QueryError as exc:
            assert exc.messages
