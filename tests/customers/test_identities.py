from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from fyr.customers import services
from fyr.customers.services import Identity


@pytest.mark.parametrize(
    ("kind", "raw", "normalised"),
    [
        ("email", "Karin Kund <Karin@ACME.se>", "karin@acme.se"),
        ("email", "  karin@acme.se ", "karin@acme.se"),
        ("phone", "070-123 45 67", "+46701234567"),
        ("phone", "0046 70 123 45 67", "+46701234567"),
        ("phone", "12", None),
        ("social", "Twitter:@FyrSupport", "twitter:fyrsupport"),
        ("chat", "visitor-abc", "visitor-abc"),
        ("email", "not an email", None),
        ("social", "nohandle", None),
    ],
)
def test_normalize(kind, raw, normalised):
    if normalised is None:
        with pytest.raises(ValidationError):
            services.normalize(kind, raw)
    else:
        assert services.normalize(kind, raw) == normalised


def test_identify_finds_the_same_contact_however_written(db):
    first = services.identify(Identity("email", "Nils <NILS@example.se>", "Nils"))
    again = services.identify(Identity("email", "nils@example.se"))
    assert first.pk == again.pk and first.name == "Nils"


def test_new_contact_joins_organization_by_domain(acme):
    contact = services.identify(Identity("email", "per@acme.se"))
    assert contact.organization_id == acme.pk


def test_identity_of_another_contact_is_refused(customer, stranger):
    with pytest.raises(ValidationError):
        services.add_identity(stranger, "email", "KARIN@acme.se")
    assert customer.identities.count() == 1


def test_domain_of_another_organization_is_refused(acme, db):
    other = services.create_organization(name="Beta AB")
    with pytest.raises(ValidationError):
        services.set_domains(other, ["acme.se"])
    assert other.domain_set.count() == 0


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("Acme.SE", "acme.se"),
        ("@acme.se", "acme.se"),
        ("åäö.se", "xn--4cab6c.se"),
        ("a\x00b", None),
        ("nodot", None),
        ("", None),
    ],
)
def test_normalize_domain(raw, normalised):
    if normalised is None:
        with pytest.raises(ValidationError):
            services.normalize_domain(raw)
    else:
        assert services.normalize_domain(raw) == normalised
