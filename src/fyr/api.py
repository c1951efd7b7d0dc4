"""The REST API root: version 1 under /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Fyr API",
    version="1",
    description="Fyr's REST API. Authenticate with `Authorization: Bearer <token>` "
    "(create one with `fyr token EMAIL`) or a desk session.",
    urls_namespace="api",
)
