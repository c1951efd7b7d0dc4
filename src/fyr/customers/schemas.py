"""API schemas for contacts and organizations."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import AfterValidator

from fyr.core.schemas import Id, NonBlank, Omittable, Paged, PageParams
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact, ContactIdentity, Organization
from fyr.customers.services import normalize


def _normalized(kind: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not value:
            return value
        try:
            return normalize(kind, value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc

    return check


#: An email address, normalised (lower case); "" when not given.
EmailAddress = Annotated[str, AfterValidator(_normalized(IdentityKind.EMAIL))]
#: A phone number in E.164 form; "" when not given.
PhoneNumber = Annotated[str, AfterValidator(_normalized(IdentityKind.PHONE))]


class IdentityOut(Schema):
    kind: str
    value: str


class ContactOut(Schema):
    id: int
    name: str
    email: str
    identities: list[IdentityOut]
    organization_id: int | None
    language: str
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_identities(obj: Contact) -> list[ContactIdentity]:
        return list(obj.identities.all())


class ContactPage(Paged):
    items: list[ContactOut]


class ContactFilters(PageParams):
    email: str | None = Field(None, description="Exact email address (any of the contact's).")
    organization: Id | None = Field(None, description="Organization id.")


class ContactIn(Schema):
    name: str = Field("", max_length=200)
    email: EmailAddress = ""
    phone: PhoneNumber = ""
    organization_id: Id | None = None
    language: str = Field("", max_length=8)


class ContactPatch(Schema):
    name: Omittable[str] = Field(None, max_length=200)
    organization_id: Id | None = Field(None, description="null removes the organization.")
    language: Omittable[str] = Field(None, max_length=8)
    notes: Omittable[str] = None


class MergeIn(Schema):
    into: Id = Field(..., description="The contact that remains; this one is merged into it.")


class OrganizationOut(Schema):
    id: int
    name: str
    domains: list[str]
    shares_tickets: bool
    notes: str
    created_at: datetime

    @staticmethod
    def resolve_domains(obj: Organization) -> list[str]:
        return sorted(d.domain for d in obj.domain_set.all())


class OrganizationPage(Paged):
    items: list[OrganizationOut]


class OrganizationIn(Schema):
    name: NonBlank = Field(..., max_length=200)
    domains: list[str] = []
    shares_tickets: bool = False
    notes: str = ""


class OrganizationPatch(Schema):
    name: Omittable[NonBlank] = Field(None, max_length=200)
    domains: Omittable[list[str]] = None
    shares_tickets: Omittable[bool] = None
    notes: Omittable[str] = None
