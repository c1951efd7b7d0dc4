"""Recognising customers: normalised identities, contacts found or created, contacts merged."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fyr.core import rows
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact, ContactIdentity, Organization, OrganizationDomain
from fyr.search import indexing as search_index


@dataclass(frozen=True)
class Identity:
    """Who sent something, as the channel knows them: ``kind`` + raw ``value`` + display name."""

    kind: str
    value: str
    name: str = ""


_PHONE_JUNK = re.compile(r"[\s\-().\u00a0/]")


def normalize(kind: str, value: str) -> str:
    """The canonical form of an identity, so one person is recognised however they wrote it.

    Raises ``ValidationError`` for a value that cannot be an identity of that kind.
    """
    kind = IdentityKind(kind)
    raw = (value or "").strip()
    if kind == IdentityKind.EMAIL:
        _name, address = parseaddr(raw)
        address = (address or raw).strip().strip("<>").lower()
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError(_("%(value)s is not an email address") % {"value": raw}) from exc
        return address
    if kind == IdentityKind.PHONE:
        digits = _PHONE_JUNK.sub("", raw)
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        elif digits.startswith("0"):
            digits = "+" + getattr(settings, "PHONE_COUNTRY_CODE", "46") + digits[1:]
        if not re.fullmatch(r"\+?\d{5,15}", digits):
            raise ValidationError(_("%(value)s is not a phone number") % {"value": raw})
        return digits if digits.startswith("+") else "+" + digits
    if kind == IdentityKind.SOCIAL:
        network, sep, handle = raw.partition(":")
        if not sep or not network.strip() or not handle.strip():
            raise ValidationError(_("A social handle is written network:handle"))
        return f"{network.strip().lower()}:{handle.strip().lstrip('@').lower()}"
    if not raw or len(raw) > 320:
        raise ValidationError(_("A chat visitor id must be 1–320 characters"))
    return raw


def find_contact(kind: str, value: str) -> Contact | None:
    """The contact an identity belongs to, following merges; ``None`` if unknown."""
    identity = (
        ContactIdentity.objects.select_related("contact")
        .filter(kind=kind, value=normalize(kind, value))
        .first()
    )
    return identity.contact if identity else None


def identify(sender: Identity) -> Contact:
    """Find the contact behind ``sender`` or create one. Safe under concurrent first contacts."""
    value = normalize(sender.kind, sender.value)
    # Narrow reads and writes without the ORM's query building (``fyr.core.rows``): this runs
    # for every incoming message, and building each query cost Django many times the lookup.
    owner = rows.scalar(
        f"SELECT contact_id FROM {rows.table(ContactIdentity)} WHERE kind = %s AND value = %s"
        " LIMIT 1",
        [sender.kind, value],
    )
    contact = rows.get(Contact, owner) if owner is not None else None
    if contact is not None:
        if not contact.name and sender.name:
            contact.name = sender.name[:200]
            contact.save(update_fields=["name", "updated_at"])
            search_index.contact_changed(contact.pk)
        return contact
    try:
        with transaction.atomic():
            contact = rows.insert(
                Contact(
                    name=(sender.name or "")[:200],
                    organization_id=_organization_for(sender.kind, value),
                )
            )
            rows.insert(ContactIdentity(contact=contact, kind=sender.kind, value=value))
            search_index.contact_changed(contact.pk)
            return contact
    except IntegrityError:
        # Another process created the same identity between our read and write.
        return (
            ContactIdentity.objects.select_related("contact")
            .get(kind=sender.kind, value=value)
            .contact
        )


def _organization_for(kind: str, value: str) -> int | None:
    """The id of the organization whose email domain ``value`` has, if any."""
    if kind != IdentityKind.EMAIL:
        return None
    try:
        domain = normalize_domain(value.rpartition("@")[2])
    except ValidationError:
        return None
    found: int | None = rows.scalar(
        f"SELECT organization_id FROM {rows.table(OrganizationDomain)} WHERE domain = %s LIMIT 1",
        [domain],
    )
    return found


def add_identity(contact: Contact, kind: str, value: str) -> ContactIdentity:
    """Attach another address to a contact; refuses one that belongs to someone else."""
    value = normalize(kind, value)
    owner = ContactIdentity.objects.filter(kind=kind, value=value).first()
    if owner is not None:
        if owner.contact_id == contact.pk:
            return owner
        raise ValidationError(_("%(value)s already belongs to another contact") % {"value": value})
    identity = ContactIdentity.objects.create(contact=contact, kind=kind, value=value)
    search_index.contact_changed(contact.pk)
    return identity


def create_contact(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    organization: Organization | None = None,
    language: str = "",
) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.create(
            name=name[:200], organization=organization, language=language
        )
        if email:
            add_identity(contact, IdentityKind.EMAIL, email)
            if organization is None:
                contact.organization_id = _organization_for(
                    IdentityKind.EMAIL, normalize(IdentityKind.EMAIL, email)
                )
                contact.save(update_fields=["organization", "updated_at"])
        if phone:
            add_identity(contact, IdentityKind.PHONE, phone)
        search_index.contact_changed(contact.pk)
    return contact


def update_contact(contact: Contact, **fields: object) -> Contact:
    allowed = {"name", "organization", "language", "notes"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    for key, value in fields.items():
        setattr(contact, key, value)
    contact.save()
    search_index.contact_changed(contact.pk)
    return contact


def create_organization(
    *, name: str, domains: list[str] | None = None, shares_tickets: bool = False, notes: str = ""
) -> Organization:
    _ensure_unique_name(name.strip())
    with transaction.atomic():
        organization = Organization.objects.create(
            name=name.strip(), shares_tickets=shares_tickets, notes=notes
        )
        set_domains(organization, domains or [])
    return organization


def update_organization(
    organization: Organization, *, domains: list[str] | None = None, **fields: object
) -> Organization:
    """Change an organization's ``name``, ``shares_tickets`` or ``notes``, and its domains."""
    unknown = set(fields) - {"name", "shares_tickets", "notes"}
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = str(fields["name"]).strip()
        _ensure_unique_name(str(fields["name"]), exclude=organization)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(organization, key, value)
        organization.save()
        if domains is not None:
            set_domains(organization, domains)
        if "name" in fields:
            search_index.organization_changed(organization.pk)
    return organization


def _ensure_unique_name(name: str, *, exclude: Organization | None = None) -> None:
    taken = Organization.objects.filter(name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("An organization called %(name)s already exists") % {"name": name}}
        )


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalize_domain(raw: str) -> str:
    """``Acme.SE`` or ``@acme.se`` as ``acme.se``; ``ValidationError`` if it is not a domain."""
    domain = raw.strip().lower().lstrip("@")
    with contextlib.suppress(UnicodeError):  # the regex below refuses what IDNA cannot encode
        domain = domain.encode("idna").decode("ascii")  # "åäö.se" as the DNS knows it
    if not _DOMAIN.match(domain):
        raise ValidationError(_("%(value)s is not an email domain") % {"value": raw})
    return domain


def set_domains(organization: Organization, domains: list[str]) -> None:
    cleaned = sorted({normalize_domain(d) for d in domains if d.strip()})
    taken = OrganizationDomain.objects.filter(domain__in=cleaned).exclude(organization=organization)
    if taken.exists():
        raise ValidationError(
            _("These domains belong to another organization: %(domains)s")
            % {"domains": ", ".join(d.domain for d in taken)}
        )
    organization.domain_set.exclude(domain__in=cleaned).delete()
    for domain in cleaned:
        OrganizationDomain.objects.get_or_create(organization=organization, domain=domain)


def move_identities(source: Contact, target: Contact) -> None:
    """Give all of ``source``'s identities to ``target`` and mark ``source`` as merged into it.

    Ticket-side effects of a merge (requesters, messages, events) are the tickets app's job:
    call ``fyr.tickets.services.merge_contacts``, which calls this.
    """
    if source.pk == target.pk:
        raise ValidationError(_("A contact cannot be merged into itself"))
    ContactIdentity.objects.filter(contact=source).update(contact=target)
    changed = []
    if not target.organization_id and source.organization_id:
        target.organization_id = source.organization_id
        changed.append("organization")
    if not target.name and source.name:
        target.name = source.name
        changed.append("name")
    if source.notes:
        target.notes = (target.notes + "\n\n" + source.notes).strip()
        changed.append("notes")
    if changed:
        target.save(update_fields=[*changed, "updated_at"])
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    search_index.contact_changed(source.pk)
    search_index.contact_changed(target.pk)
