"""``GET /api/v1/search``: tickets, articles or contacts, as the calling agent may see them."""

from __future__ import annotations

from ninja import Query, Router

from fyr.core.api import agent
from fyr.core.typing import ApiRequest
from fyr.search import services
from fyr.search.schemas import SearchPageOut, SearchParams

router = Router(tags=["Search"])


@router.get("/search", response=SearchPageOut)
def search(request: ApiRequest, params: Query[SearchParams]) -> services.SearchPage:
    """Search with the desk's query language; 422 with a message for a query that cannot run
    (unknown filter, bad value, bad cursor)."""
    return services.search(
        params.q,
        scope=params.scope,
        user=agent(request),
        language=params.language,
        cursor=params.cursor,
        limit=params.limit,
    )
