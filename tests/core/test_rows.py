"""``fyr.core.rows``: the hot paths' single-row statements write and read what the ORM would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, transaction

from fyr.core import rows
from fyr.customers.models import Contact
from fyr.tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

WHEN = datetime(2025, 3, 4, 10, 15, 30, 123456, tzinfo=UTC)


def test_insert_writes_the_row_the_orm_reads_back_and_sets_the_key(customer):
    ticket = Ticket(
        number=77, subject="Faktura", channel="email", requester=customer, created_at=WHEN
    )
    assert rows.insert(ticket) is ticket
    assert ticket.pk is not None and not ticket._state.adding and ticket._state.db == "default"
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.number, stored.subject, stored.requester_id) == (77, "Faktura", customer.pk)
    assert stored.created_at == WHEN and stored.custom_fields == {} and stored.version == 1


def test_insert_many_sets_each_key_in_order(ticket):
    made = [
        TicketEvent(ticket=ticket, kind="created", actor_kind="system", data={"n": n})
        for n in range(3)
    ]
    rows.insert_many(made)
    stored = dict(TicketEvent.objects.filter(pk__in=[e.pk for e in made]).values_list("pk", "data"))
    assert [stored[e.pk] for e in made] == [{"n": 0}, {"n": 1}, {"n": 2}]


def test_insert_refuses_an_instance_that_has_a_key(ticket):
    with pytest.raises(ValueError):
        rows.insert(ticket)


def test_update_writes_only_the_named_fields(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(subject="Changed elsewhere")
    ticket.version = 9
    ticket.subject = "Not saved"
    rows.update(ticket, ["version"])
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.version, stored.subject) == (9, "Changed elsewhere")


def test_update_without_names_writes_every_field(ticket):
    ticket.subject = "Ny rubrik"
    ticket.custom_fields = {"order": "A-1"}
    ticket.solved_at = WHEN
    rows.update(ticket)
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.subject, stored.custom_fields, stored.solved_at) == (
        "Ny rubrik",
        {"order": "A-1"},
        WHEN,
    )


def test_update_of_a_missing_row_an_unknown_field_or_a_partly_loaded_instance_fails(ticket):
    with pytest.raises(ValueError):
        rows.update(ticket, ["no_such_field"])
    with pytest.raises(ValueError):
        rows.update(Ticket.objects.only("subject").get(pk=ticket.pk))
    Ticket.objects.filter(pk=ticket.pk).delete()
    with pytest.raises(DatabaseError):
        rows.update(ticket, ["subject"])


def test_get_loads_the_same_values_as_the_orm(ticket, customer):
    Contact.objects.filter(pk=customer.pk).update(vip=True)
    Ticket.objects.filter(pk=ticket.pk).update(custom_fields={"a": [1, 2]}, solved_at=WHEN)
    for model, pk in ((Ticket, ticket.pk), (Contact, customer.pk)):
        loaded = rows.get(model, pk)
        expected = model.objects.get(pk=pk)
        assert loaded is not None and not loaded._state.adding
        fields = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(loaded, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert rows.get(Contact, customer.pk).vip is True


def test_get_for_update_locks_inside_a_transaction_and_misses_return_none(ticket):
    with transaction.atomic():
        locked = rows.get(Ticket, ticket.pk, for_update=True)
        assert locked is not None and locked.pk == ticket.pk
    assert rows.get(Ticket, ticket.pk + 1000) is None


def test_scalar_and_one_read_the_first_row(ticket):
    table = rows.table(Ticket)
    assert rows.scalar(f"SELECT number FROM {table} WHERE id = %s", [ticket.pk]) == ticket.number
    assert rows.one(f"SELECT id, number FROM {table} WHERE id = %s", [ticket.pk]) == (
        ticket.pk,
        ticket.number,
    )
    assert rows.scalar(f"SELECT number FROM {table} WHERE id = %s", [-1]) is None
