"""Contact and organization endpoints."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Query, Router

from fyr.core.api import (
    actor,
    agent,
    errors_on,
    get_for_field,
    get_or_404,
    page_of,
    require_admin,
    require_full_agent,
)
from fyr.core.schemas import Id, PageParams
from fyr.core.typing import ApiRequest
from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact, Organization
from fyr.customers.schemas import (
    ContactFilters,
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    MergeIn,
    OrganizationIn,
    OrganizationOut,
    OrganizationPage,
    OrganizationPatch,
)
from fyr.tickets import services as tickets
from fyr.tickets.queries import visible_contacts, visible_organizations

router = Router(tags=["customers"])

BY_ID = ("id",)
BY_NAME = ("name", "id")


@router.get("/contacts", response=ContactPage)
def list_contacts(request: ApiRequest, filters: Query[ContactFilters]) -> dict[str, Any]:
    """Customers, oldest first; `email` finds the one contact with that address."""
    contacts = _contacts(request)
    if filters.email is not None:
        with errors_on("email"):
            address = customers.normalize(IdentityKind.EMAIL, filters.email)
        contacts = contacts.filter(identities__kind=IdentityKind.EMAIL, identities__value=address)
    if filters.organization is not None:
        contacts = contacts.filter(organization_id=filters.organization)
    return page_of(contacts, ordering=BY_ID, cursor=filters.cursor, limit=filters.limit)


@router.post("/contacts", response={201: ContactOut})
def create_contact(request: ApiRequest, payload: ContactIn) -> tuple[int, Contact]:
    require_full_agent(request)
    organization = _organization_for(request, payload.organization_id)
    with errors_on("email" if payload.email else "phone"):
        contact = customers.create_contact(
            organization=organization, **payload.model_dump(exclude={"organization_id"})
        )
    return 201, contact


@router.get("/contacts/{contact_id}", response=ContactOut)
def get_contact(request: ApiRequest, contact_id: Id) -> Contact:
    return get_or_404(_contacts(request), contact_id)


@router.patch("/contacts/{contact_id}", response=ContactOut)
def update_contact(request: ApiRequest, contact_id: Id, payload: ContactPatch) -> Contact:
    """Change only the fields sent."""
    contact = get_or_404(_contacts(request), contact_id)
    require_full_agent(request)
    changes = payload.model_dump(exclude_unset=True)
    if "organization_id" in changes:
        changes["organization"] = _organization_for(request, changes.pop("organization_id"))
    return customers.update_contact(contact, **changes)


@router.post("/contacts/{contact_id}/merge", response=ContactOut)
def merge_contact(request: ApiRequest, contact_id: Id, payload: MergeIn) -> Contact:
    """Merge this contact into `into`: identities and tickets move; `into` is returned."""
    source = get_or_404(_contacts(request), contact_id)
    require_full_agent(request)
    target = get_for_field(_contacts(request), payload.into, "into")
    with errors_on("into"):
        tickets.merge_contacts(source, target, actor=actor(request))
    return get_or_404(_contacts(request), target.pk)


@router.get("/organizations", response=OrganizationPage)
def list_organizations(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    organizations = visible_organizations(agent(request)).prefetch_related("domain_set")
    return page_of(organizations, ordering=BY_NAME, cursor=page.cursor, limit=page.limit)


@router.post("/organizations", response={201: OrganizationOut})
def create_organization(request: ApiRequest, payload: OrganizationIn) -> tuple[int, Organization]:
    require_admin(request)
    with errors_on("domains"):
        return 201, customers.create_organization(**payload.model_dump())


@router.get("/organizations/{organization_id}", response=OrganizationOut)
def get_organization(request: ApiRequest, organization_id: Id) -> Organization:
    return get_or_404(visible_organizations(agent(request)), organization_id)


@router.patch("/organizations/{organization_id}", response=OrganizationOut)
def update_organization(
    request: ApiRequest, organization_id: Id, payload: OrganizationPatch
) -> Organization:
    """Change only the fields sent; `domains` replaces the list. Administrators only."""
    organization = get_or_404(visible_organizations(agent(request)), organization_id)
    require_admin(request)
    with errors_on("domains"):
        return customers.update_organization(organization, **payload.model_dump(exclude_unset=True))


def _contacts(request: ApiRequest) -> QuerySet[Contact]:
    return visible_contacts(agent(request)).prefetch_related("identities")


def _organization_for(request: ApiRequest, pk: int | None) -> Organization | None:
    if pk is None:
        return None
    return get_for_field(visible_organizations(agent(request)), pk, "organization_id")
