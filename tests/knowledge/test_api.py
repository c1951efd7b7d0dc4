"""/api/v1/articles and /api/v1/kb/{categories,sections}."""

from __future__ import annotations

import pytest

from fyr.knowledge import services as kb
from fyr.knowledge.models import Article, Category, Section
from tests.api.conftest import bearer_client


@pytest.fixture
def api(agent):
    return bearer_client(agent)


@pytest.fixture
def light_api(light_agent):
    return bearer_client(light_agent)


def test_list_with_filters_and_pages(api, draft, published, published_en):
    body = api.get("/articles").json()
    assert [a["id"] for a in body["items"]] == [published_en.pk, published.pk, draft.pk]
    assert api.get("/articles", {"status": "draft"}).json()["items"][0]["id"] == draft.pk
    assert [a["id"] for a in api.get("/articles", {"language": "en"}).json()["items"]] == [
        published_en.pk
    ]
    assert api.get("/articles", {"q": "AUTOGIRO"}).json()["items"][0]["id"] == published.pk
    first = api.get("/articles", {"limit": 2}).json()
    rest = api.get("/articles", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [a["id"] for a in rest["items"]] == [draft.pk] and rest["next_cursor"] is None
    assert api.get("/articles", {"status": "nope"}).status_code == 422
    assert api.get("/articles", {"cursor": "???"}).status_code == 422


def test_create_read_and_patch_with_versions(api, section):
    response = api.post(
        "/articles",
        {"section_id": section.pk, "title": "API-artikel", "body_markdown": "**x**"},
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["status"], created["version"], created["body_html"]) == (
        "draft",
        1,
        "<p><strong>x</strong></p>\n",
    )
    pk = created["id"]
    assert api.get(f"/articles/{pk}").json()["title"] == "API-artikel"
    changed = api.patch(f"/articles/{pk}", {"version": 1, "title": "Nytt namn", "note": "n"})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = api.patch(f"/articles/{pk}", {"version": 1, "title": "Gammalt"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert (
        api.patch(f"/articles/{pk}", {"title": "Via header"}, **{"If-Match": '"1"'}).status_code
        == 409
    )
    versions = api.get(f"/articles/{pk}/versions").json()["items"]
    assert [v["number"] for v in versions] == [2, 1]
    assert Article.objects.get(pk=pk).title == "Nytt namn"


def test_patch_related_and_section(api, draft, published, category):
    other = kb.create_section(category=category, name_sv="Annat")
    body = api.patch(
        f"/articles/{draft.pk}", {"related_ids": [published.pk], "section_id": other.pk}
    ).json()
    assert body["related_ids"] == [published.pk] and body["section_id"] == other.pk
    assert api.patch(f"/articles/{draft.pk}", {"section_id": 999999}).status_code == 422
    assert api.patch(f"/articles/{draft.pk}", {"related_ids": [999999]}).status_code == 422
    assert api.patch(f"/articles/{draft.pk}", {"title": None}).status_code == 422
    assert api.patch(f"/articles/{draft.pk}", {"colour": "red"}).status_code == 422


def test_publish_archive_and_translations(api, draft):
    assert api.post(f"/articles/{draft.pk}/publish").json()["status"] == "published"
    made = api.post(
        f"/articles/{draft.pk}/translations",
        {"language": "en", "title": "Reading the invoice", "body_markdown": "Three parts."},
    )
    assert made.status_code == 201 and made.json()["source_id"] == draft.pk
    again = api.post(
        f"/articles/{made.json()['id']}/translations",
        {"language": "en", "title": "Again", "body_markdown": "x"},
    )
    assert again.status_code == 422
    languages = [a["language"] for a in api.get(f"/articles/{draft.pk}/translations").json()]
    assert languages == ["sv", "en"]
    assert api.post(f"/articles/{draft.pk}/archive").json()["status"] == "archived"


def test_unknown_and_bad_ids(api, db):
    assert api.get("/articles/999999").status_code == 404
    assert api.get("/articles/0").status_code == 422
    assert api.get(f"/articles/{2**70}").status_code == 422
    assert api.post("/articles", {"section_id": 999999, "title": "x"}).status_code == 422
    assert api.post("/articles", {"section_id": 1, "title": "  "}).status_code == 422


def test_light_agent_reads_but_cannot_write(light_api, draft, category, section):
    assert light_api.get("/articles").status_code == 200
    assert light_api.get(f"/articles/{draft.pk}").status_code == 200
    assert light_api.get("/kb/categories").status_code == 200
    refused = [
        light_api.post("/articles", {"section_id": section.pk, "title": "x"}),
        light_api.patch(f"/articles/{draft.pk}", {"title": "x"}),
        light_api.post(f"/articles/{draft.pk}/publish"),
        light_api.post(f"/articles/{draft.pk}/archive"),
        light_api.post(f"/articles/{draft.pk}/translations", {"language": "en", "title": "x"}),
        light_api.post("/kb/categories", {"name_sv": "x"}),
        light_api.patch(f"/kb/categories/{category.pk}", {"name_sv": "x"}),
        light_api.delete(f"/kb/sections/{section.pk}"),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Så läser du fakturan", "draft")


def test_anonymous_gets_401(client, draft):
    assert client.get("/api/v1/articles").status_code == 401


def test_categories_and_sections_crud(api, db):
    made = api.post("/kb/categories", {"name_sv": "Konto", "name_en": "Account"})
    assert made.status_code == 201 and made.json()["slug"] == "konto"
    cid = made.json()["id"]
    assert api.post("/kb/categories", {"name_sv": "Konto"}).status_code == 422  # slug taken
    assert api.post("/kb/categories", {}).status_code == 422  # no name
    assert api.patch(f"/kb/categories/{cid}", {"position": 5}).json()["position"] == 5
    section = api.post("/kb/sections", {"category_id": cid, "name_sv": "Inloggning"})
    assert section.status_code == 201
    sid = section.json()["id"]
    assert api.get("/kb/sections", {"category": cid}).json()["items"][0]["id"] == sid
    assert api.post("/kb/sections", {"category_id": 999999, "name_sv": "x"}).status_code == 422
    assert api.delete(f"/kb/categories/{cid}").status_code == 422  # not empty
    assert api.get(f"/kb/sections/{sid}").json()["name_sv"] == "Inloggning"
    assert (
        api.patch(f"/kb/sections/{sid}", {"name_en": "Signing in"}).json()["name_en"]
        == "Signing in"
    )
    assert api.delete(f"/kb/sections/{sid}").status_code == 204
    assert api.delete(f"/kb/categories/{cid}").status_code == 204
    assert not Category.objects.exists() and not Section.objects.exists()
    assert api.get(f"/kb/categories/{cid}").status_code == 404


def test_api_list_queries_do_not_grow_with_articles(
    api, section, agent, django_assert_max_num_queries
):
    for n in range(12):
        kb.create_article(
            section=section, language="sv", title=f"Artikel {n}", body_markdown="x", author=agent
        )
    with django_assert_max_num_queries(6):
        assert len(api.get("/articles").json()["items"]) == 12
