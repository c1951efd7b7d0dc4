"""Agent, team and token changes. Every write to accounts goes through here."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fyr.accounts.choices import Role
from fyr.accounts.models import ApiToken, Team, TeamMembership, User
from fyr.core import configcache

TOKEN_PREFIX = "fyr_"


def create_agent(
    *,
    email: str,
    name: str,
    role: Role | str = Role.AGENT,
    password: str | None = None,
    teams: list[Team] | None = None,
) -> User:
    """Create an agent; without a password the account cannot log in until one is set."""
    role = Role(role)  # ValueError for an unknown role
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, name=name, role=role)
        for team in teams or []:
            add_to_team(user, team)
    return user


def get_or_create_team(name: str) -> Team:
    team, _ = Team.objects.get_or_create(name=name.strip())
    return team


def create_team(*, name: str, description: str = "", email: str = "") -> Team:
    """A new team; refuses a name already taken (in any letter case) or a malformed address."""
    name = name.strip()
    if Team.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A team called %(name)s already exists") % {"name": name}})
    email = email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError({"email": exc.messages}) from exc
    team = Team.objects.create(name=name, description=description, email=email)
    configcache.forget("routing.team_modes")  # fyr.routing caches the teams' assignment modes
    return team


def add_to_team(user: User, team: Team, *, lead: bool = False) -> TeamMembership:
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, user=user, defaults={"is_lead": lead}
    )
    user.__dict__.pop("team_ids", None)
    return membership


def issue_token(user: User, *, name: str = "") -> str:
    """Create an API token and return it in clear text; it cannot be recovered later."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name, prefix=raw[: len(TOKEN_PREFIX) + 6], key_hash=ApiToken.hash(raw)
    )
    return raw


def authenticate_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, recording when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Avoid a write on every request: a minute's precision is plenty for "last used".
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
