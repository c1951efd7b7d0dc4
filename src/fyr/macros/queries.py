"""Permission-scoped querysets of macros: which an agent may see and which they may manage."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fyr.accounts.models import User
from fyr.macros.choices import Visibility
from fyr.macros.models import Macro


def _scope(user: User) -> Q:
    """Own personal macros, shared ones, and team macros of the user's teams (admins: of every
    team, since they manage them; nobody sees another agent's personal macros)."""
    scope = Q(visibility=Visibility.SHARED) | Q(visibility=Visibility.PERSONAL, owner=user)
    if user.is_admin:
        return scope | Q(visibility=Visibility.TEAM)
    return scope | Q(visibility=Visibility.TEAM, team_id__in=user.team_ids)


def visible_macros(user: User, *, include_inactive: bool = False) -> QuerySet[Macro]:
    """The macros ``user`` may see; only active ones (those the composer offers) by default."""
    if not user.is_active:
        return Macro.objects.none()
    macros = Macro.objects.filter(_scope(user))
    return macros if include_inactive else macros.filter(active=True)


def may_manage(user: User, macro: Macro) -> bool:
    """Agents manage their own personal macros; administrators manage team and shared ones."""
    if not user.is_active:
        return False
    if macro.visibility == Visibility.PERSONAL:
        return macro.owner_id == user.pk
    return user.is_admin


def may_use(user: User, macro: Macro) -> bool:
    """Whether ``user`` may apply ``macro`` (it is active and visible to them)."""
    if not (user.is_active and macro.active):
        return False
    if macro.visibility == Visibility.PERSONAL:
        return macro.owner_id == user.pk
    if macro.visibility == Visibility.TEAM:
        return user.is_admin or macro.team_id in user.team_ids
    return True


def may_apply(user: User, macro: Macro) -> bool:
    """``may_use``, and for light agents only macros that write internal notes and change no
    field (what they could do by hand)."""
    if not may_use(user, macro):
        return False
    if user.is_light:
        return not macro.changes and (macro.internal or not macro.text.strip())
    return True
