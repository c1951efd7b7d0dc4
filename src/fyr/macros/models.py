"""Macros: reusable reply texts with placeholders plus field changes, applied by agents.

One model serves both macros and canned responses: a canned response is a macro with text and
no field changes. Two models would duplicate visibility, search, usage counting and the
composer's picker for the difference of one empty JSON field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.macros.choices import Visibility


class Macro(models.Model):
    name = models.CharField(_("name"), max_length=200)
    #: ``name`` case-folded, kept by the services: the search column. Case-insensitive matching
    #: in the database is ASCII-only on SQLite ("Å" ≠ "å"), so the folding is done in Python.
    search_name = models.CharField(max_length=200, editable=False, default="")
    description = models.CharField(_("description"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PERSONAL
    )
    #: The agent a personal macro belongs to (null for team and shared macros).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
    )
    #: The team whose members see a team macro (null for personal and shared macros).
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
    )
    text = models.TextField(_("text"), blank=True)
    #: Whether the text goes into the composer as an internal note rather than a public reply.
    internal = models.BooleanField(_("internal note"), default=False)
    #: Field changes, validated by ``services.clean_changes``: ``{"status": "pending",
    #: "priority": "high", "type": "question", "tier": 2, "team": 3, "assignee": 7 | "me" | None,
    #: "add_tags": ["faktura"], "remove_tags": ["ny"]}``; only the keys present are changed.
    changes = models.JSONField(_("field changes"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)
    usage_count = models.PositiveIntegerField(_("times used"), default=0)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["name", "id"]
        indexes = [
            # The composer's search: case-insensitive name, within what an agent may see.
            models.Index(fields=["search_name", "id"], name="macro_search_name"),
            models.Index(fields=["visibility", "active", "name"], name="macro_visibility"),
            models.Index(fields=["owner", "active"], name="macro_owner"),
            models.Index(fields=["team", "active"], name="macro_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(visibility=Visibility.PERSONAL, owner__isnull=False, team__isnull=True)
                    | models.Q(visibility=Visibility.TEAM, owner__isnull=True, team__isnull=False)
                    | models.Q(visibility=Visibility.SHARED, owner__isnull=True, team__isnull=True)
                ),
                name="macro_visibility_scope",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_canned_response(self) -> bool:
        """Text only: what peers call a canned response."""
        return not self.changes
