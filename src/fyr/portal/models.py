"""The portal's own state: one-time sign-in links for customers (contacts, not desk users)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalLoginToken(models.Model):
    """A one-time sign-in link. Only the SHA-256 of the token is kept: a database leak signs no one in."""

    contact = models.ForeignKey(
        "customers.Contact", on_delete=models.CASCADE, related_name="portal_login_tokens"
    )
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("portal sign-in link")
        verbose_name_plural = _("portal sign-in links")
        indexes = [models.Index(fields=["contact", "-created_at"], name="portal_token_contact")]

    def __str__(self) -> str:
        return f"sign-in link for contact {self.contact_id}"
