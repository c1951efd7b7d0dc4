"""The OpenAPI schema is committed: any API change shows up as a diff of tests/api/openapi.json.

After an intended change, regenerate it with ``FYR_UPDATE_SNAPSHOTS=1 pytest tests/api/test_openapi.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fyr.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")


def live_schema() -> str:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_schema_matches_snapshot():
    live = live_schema()
    if os.environ.get("FYR_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(live, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""

    assert live == committed, (
        "The API schema differs from tests/api/openapi.json. If the change is intended, run "
        "FYR_UPDATE_SNAPSHOTS=1 pytest tests/api/test_openapi.py and commit the new snapshot."
    )


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/openapi.json")
    docs = client.get("/api/docs")

    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "Fyr API"
    assert "/api/v1/tickets" in schema.json()["paths"]
    assert docs.status_code == 200
