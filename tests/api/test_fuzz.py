"""Schema-driven fuzzing: whatever a client sends to any endpoint, Fyr never answers 5xx.

Schemathesis generates requests (valid and invalid) from the committed OpenAPI schema and sends
them through the real Django stack with an admin's bearer token.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from fyr.accounts import services as accounts
from fyr.accounts.choices import Role

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def token(db, ticket, outsider, settings):
    """An admin's token, with requests kept inside the test's transaction (as Django's test
    client does: the WSGI handler would otherwise close the connection after each request)."""
    settings.INBOUND_EMAIL_SECRET = "fuzz"  # so random bytes reach the mail parser, too
    admin = accounts.create_agent(email="fuzz@fyr.test", name="Fuzz Admin", role=Role.ADMIN)
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield accounts.issue_token(admin)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,  # the same requests every run: CI fails only on a change, never by luck
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_answers_with_a_server_error(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}", "X-Fyr-Inbound-Secret": "fuzz"},
        checks=[not_a_server_error],
    )
