from __future__ import annotations

from fyr.accounts import services
from fyr.accounts.models import ApiToken


def test_token_authenticates_and_only_its_hash_is_stored(agent):
    raw = services.issue_token(agent, name="ci")
    assert services.authenticate_token(raw) == agent
    stored = ApiToken.objects.get(user=agent)
    assert raw not in (stored.key_hash, stored.prefix) and stored.key_hash == ApiToken.hash(raw)


def test_revoked_or_inactive_token_is_refused(agent):
    raw = services.issue_token(agent)
    services.revoke_token(ApiToken.objects.get(user=agent))
    assert services.authenticate_token(raw) is None
    raw2 = services.issue_token(agent)
    agent.is_active = False
    agent.save()
    assert services.authenticate_token(raw2) is None
    assert services.authenticate_token("fyr_guess") is None
