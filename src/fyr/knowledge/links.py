"""Links to the help centre's public article page, built in this one place.

The portal's search and request form, the bot's answers and the desk's "Insert link" all point
customers at an article through these functions, so the article page's URL is fixed here if it ever changes.
They use the help centre's stable address by id, which goes on to the article's own page (in
the visitor's language when a translation exists) keeping the query string.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

#: Where a portal link to an article came from: the knowledge app records the view as a
#: suggestion (deflection) when the article page's URL carries ``?suggested=<source>&q=…``.
SUGGESTED_FROM_SEARCH = "search"
SUGGESTED_FROM_REQUEST_FORM = "request_form"
SUGGESTED_FROM_BOT = "bot"

#: The longest query carried along in a link (``SuggestedArticleView.query`` holds 300).
MAX_QUERY = 300


def article_path(article_id: int, *, suggested: str = "", query: str = "") -> str:
    """The portal path of article ``article_id``; ``suggested`` marks a link the portal
    suggested (``search``, ``request_form`` or ``bot``) for the query ``query``."""
    path = reverse("portal:kb:article_by_id", kwargs={"pk": article_id})
    if suggested:
        path += "?" + urlencode({"suggested": suggested, "q": query.strip()[:MAX_QUERY]})
    return path


def article_public_url(article_id: int, *, suggested: str = "", query: str = "") -> str:
    """The same as an absolute URL (``settings.BASE_URL``): for a reply to a customer, the API's
    answers, a bot transcript on a ticket."""
    return settings.BASE_URL + article_path(article_id, suggested=suggested, query=query)
