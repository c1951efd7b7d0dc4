"""Making message HTML safe to show and turning between HTML and plain text."""

from __future__ import annotations

import html as html_lib
import re

import nh3
from django.utils.html import escape, urlize

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"title"},
}


def _images_part_of_the_message(tag: str, attribute: str, value: str) -> str | None:
    """Keep an image source that is part of the message (``cid:``) or a remote ``https``/``http``
    one, which ``_block_remote_images`` then disarms; drop anything else (``data:``, ``file:``)."""
    if tag == "img" and attribute == "src":
        lowered = value.strip().lower()
        if not lowered.startswith(("cid:", "https://", "http://")):
            return None
    return value


#: A remote image in nh3's output (attributes double-quoted, quotes inside escaped).
_REMOTE_IMG = re.compile(r'<img([^>]*?) src="(https?://[^"]*)"', re.IGNORECASE)


def _block_remote_images(safe_html: str) -> str:
    """A remote image is a tracking pixel until proven otherwise: loading it tells the sender
    who read the mail and when. It is kept as ``data-remote-src`` and loaded only when the
    agent asks (``desk.js``)."""
    return _REMOTE_IMG.sub(r'<img\1 data-remote-src="\2"', safe_html)


def has_remote_images(safe_html: str) -> bool:
    return "data-remote-src=" in safe_html


def sanitize(raw: str) -> str:
    """Keep formatting, drop scripts, styles, event handlers, forms, frames and odd URL schemes;
    remote images are kept but blocked until the agent loads them."""
    if not raw:
        return ""
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_images_part_of_the_message,
    )
    return _block_remote_images(cleaned)


_BLOCK_END = re.compile(r"</(p|div|li|tr|h[1-6]|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n{3,}")


def to_text(raw_html: str) -> str:
    """A readable plain-text rendering of HTML, for search, previews and text-only channels."""
    cleaned = nh3.clean(raw_html or "", tags=ALLOWED_TAGS - {"img"}, attributes={})
    text = _BLOCK_END.sub("\n", cleaned)
    text = html_lib.unescape(_TAG.sub("", text))
    lines = [line.rstrip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def preview(text: str, length: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


#: What ``urlize`` would turn into a link: a scheme, www., an address, a bare .com-style domain.
_LINKABLE = re.compile(r"://|www\.|@|\.(com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def text_to_html(text: str) -> str:
    """Plain text as safe HTML with links and line breaks, made once when a message is saved.

    Rendering this at write time keeps the ticket page fast: linkifying a long conversation on
    every page view was the page's largest cost.
    """
    if not text:
        return ""
    # urlize is slow (~5 µs a word) and links words one by one, so only the lines holding
    # something it would link go through it (a reply's one "… wrote <address>:" line, say).
    return "<br>\n".join(
        urlize(line, nofollow=True, autoescape=True) if _LINKABLE.search(line) else escape(line)
        for line in text.replace("\r\n", "\n").split("\n")
    )
