"""Markdown → safe HTML for articles.

Authors write CommonMark (with tables); raw HTML in the Markdown is not passed through, and the
result is cleaned again with nh3 against an explicit list of tags and attributes, because an
article is shown to every visitor of the portal: a sanitiser is the last line, not the only one.
Images may come only from the article's own attachments or from an ``https://`` address, so an
article cannot be used to track readers over plain HTTP or load content from other schemes.
"""

from __future__ import annotations

import re
from collections.abc import Collection

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"style"},
    "th": {"style"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_ALIGN = re.compile(r"^text-align:(left|right|center)$")
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(markdown: str, *, image_urls: Collection[str] = ()) -> str:
    """The sanitised HTML of ``markdown``; ``image_urls`` are the article's own attachments'
    addresses (relative), the only non-https images kept."""
    return sanitise(_markdown.render(markdown or ""), image_urls=image_urls)


def sanitise(raw: str, *, image_urls: Collection[str] = ()) -> str:
    """``raw`` HTML reduced to the allowed tags and attributes (links rel=noopener)."""
    allowed_images = set(image_urls)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if value.startswith("https://") or value in allowed_images else None
        if attribute == "style":
            return value if _ALIGN.match(value.replace(" ", "")) else None
        if tag == "code" and attribute == "class":
            return value if _LANGUAGE_CLASS.match(value) else None
        return value

    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=keep,
        strip_comments=True,
    )
