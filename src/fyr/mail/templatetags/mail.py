"""Template filters for showing mail in the desk."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from fyr.tickets.models import Attachment

register = template.Library()

_CID_SRC = re.compile(r'src="cid:([^"]+)"', re.IGNORECASE)


@register.filter
def with_inline_images(body_html: str, files: Iterable[Attachment]) -> SafeString:
    """``body_html`` (already safe) with ``cid:`` images pointing at their stored attachments;
    an image whose part is missing stays unresolved (the browser shows its alt text)."""
    if "cid:" not in body_html:
        return mark_safe(body_html)
    urls = {
        a.content_id.strip("<>").lower(): reverse("desk:attachment", args=[a.pk]) + "?inline=1"
        for a in files
        if a.content_id
    }

    def swap(match: re.Match[str]) -> str:
        url = urls.get(match.group(1).strip("<>").lower())
        return f'src="{url}"' if url else match.group(0)

    return mark_safe(_CID_SRC.sub(swap, body_html))
