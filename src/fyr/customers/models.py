"""Customers: organizations, contacts and the identities that recognise a contact on any channel."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.customers.choices import IdentityKind


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    shares_tickets = models.BooleanField(_("members see each other's tickets"), default=False)
    vip = models.BooleanField(_("VIP"), default=False)
    support_plan = models.CharField(_("support plan"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationDomain(models.Model):
    """An email domain of an organization: new contacts from it join the organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="domain_set"
    )
    domain = models.CharField(max_length=253, unique=True)

    def __str__(self) -> str:
        return self.domain


class Contact(models.Model):
    """A customer. Identities (email, phone, chat, social) point here; merged contacts are kept."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    vip = models.BooleanField(_("VIP"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name or self.primary_value or f"#{self.pk}"

    @property
    def primary_value(self) -> str:
        """The first email (or other identity) for display; uses prefetched identities if present."""
        identities = list(self.identities.all())
        for identity in identities:
            if identity.kind == IdentityKind.EMAIL:
                return identity.value
        return identities[0].value if identities else ""

    @property
    def email(self) -> str:
        for identity in self.identities.all():
            if identity.kind == IdentityKind.EMAIL:
                return identity.value
        return ""


class ContactIdentity(models.Model):
    """A normalised address by which a contact is recognised; unique across all contacts."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("kind"), max_length=10, choices=IdentityKind.choices)
    value = models.CharField(_("value"), max_length=320)
    verified_at = models.DateTimeField(null=True, blank=True)
    #: Set when mail to this address bounces permanently; cleared when mail arrives from it.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    failure_reason = models.CharField(_("why it fails"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="unique_identity")]
        ordering = ["kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"
