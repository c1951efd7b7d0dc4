"""The demo knowledge base loads through the services, once."""

from __future__ import annotations

from fyr.knowledge import demo
from fyr.knowledge.models import Article, Category

SMALL = [
    {
        "slug": "konto",
        "name_sv": "Konto",
        "name_en": "Account",
        "description_sv": "Ditt konto",
        "description_en": "Your account",
        "sections": [
            {
                "slug": "inloggning",
                "name_sv": "Inloggning",
                "name_en": "Signing in",
                "articles": [
                    {
                        "key": "reset-password",
                        "faq": True,
                        "visibility": "public",
                        "related": ["two-factor", "missing"],
                        "sv": {"title": "Återställ lösenordet", "summary": "S", "body": "**Steg**"},
                        "en": {"title": "Reset your password", "summary": "S", "body": "**Steps**"},
                    },
                    {
                        "key": "two-factor",
                        "visibility": "internal",
                        "sv": {"title": "Tvåstegsverifiering", "body": "Text"},
                    },
                ],
            }
        ],
    }
]


def test_seed_loads_published_articles_with_translations_and_related(db):
    assert demo.seed(SMALL) == 3
    reset_sv = Article.objects.get(slug="aterstall-losenordet")
    reset_en = Article.objects.get(language="en")
    two_factor = Article.objects.get(slug="tvastegsverifiering")
    assert reset_en.source == reset_sv
    assert {a.status for a in Article.objects.all()} == {"published"}
    assert reset_sv.is_faq and reset_en.is_faq and not two_factor.is_faq
    assert two_factor.visibility == "internal"
    assert list(reset_sv.related.all()) == [two_factor]
    assert reset_sv.body_html == "<p><strong>Steg</strong></p>\n"
    assert Category.objects.get().name_in("en") == "Account"


def test_seed_is_idempotent(db):
    demo.seed(SMALL)
    assert demo.seed(SMALL) == 0
    assert Article.objects.count() == 3


def test_the_real_demo_content_loads(db):
    made = demo.seed()
    assert made == Article.objects.count() > 0
    assert not Article.objects.exclude(status="published").exists()
    assert Article.objects.filter(language="en", source__isnull=False).exists()
