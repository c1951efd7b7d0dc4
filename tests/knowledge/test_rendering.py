"""Markdown → sanitised HTML: what an author writes can never run in a reader's browser."""

from __future__ import annotations

from html.parser import HTMLParser

from fyr.knowledge.rendering import render, sanitise


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of ``html`` with its attributes, as a browser would build them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


def test_script_tags_are_not_passed_through():
    html = render("Hej <script>alert(1)</script> **där**")
    assert [tag for tag, _ in elements(html)] == ["p", "strong"]
    assert "<script" not in html


def test_javascript_links_lose_their_target():
    html = render(
        "[klicka](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) <a href='javascript:x'>y</a> "
        "[ok](https://fyr.se)"
    )
    hrefs = [attrs.get("href") for tag, attrs in elements(html) if tag == "a"]
    assert hrefs == ["https://fyr.se"]


def test_event_handlers_are_removed_from_raw_html():
    html = render('<img src="https://x.se/a.png" onerror="alert(1)"> ![i](https://x.se/b.png)')
    assert elements(html) == [("p", {}), ("img", {"src": "https://x.se/b.png", "alt": "i"})]
    assert '<img src="https://x.se/a.png"' not in html


def test_links_get_noopener_noreferrer():
    assert render("[Fyr](https://fyr.se)") == (
        '<p><a href="https://fyr.se" rel="noopener noreferrer">Fyr</a></p>\n'
    )


def test_images_only_from_https_or_the_articles_attachments():
    html = render(
        "![a](http://tracker.example/p.png) ![b](https://cdn.example/b.png) "
        "![c](/portal/help/attachments/7/) ![d](/portal/help/attachments/8/)",
        image_urls={"/portal/help/attachments/7/"},
    )
    assert 'src="https://cdn.example/b.png"' in html
    assert 'src="/portal/help/attachments/7/"' in html
    assert "tracker.example" not in html
    assert "/attachments/8/" not in html


def test_tables_render_with_alignment_only():
    html = render("| a | b |\n|:-:|---|\n| 1 | 2 |")
    assert '<th style="text-align:center">a</th>' in html
    assert "<td>2</td>" in html


def test_the_sanitiser_strips_what_markdown_would_never_make():
    html = sanitise(
        '<p onclick="x()">a<script>alert(1)</script><img src="https://x.se/a.png" onerror="y()">'
        '<a href="javascript:alert(1)">b</a><iframe src="https://x.se"></iframe></p>'
    )
    assert elements(html) == [
        ("p", {}),
        ("img", {"src": "https://x.se/a.png"}),
        ("a", {"rel": "noopener noreferrer"}),
    ]
    assert "alert" not in html
