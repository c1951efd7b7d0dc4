"""The search index's tables: FTS5 on SQLite, tsvector + GIN (and pg_trgm) on PostgreSQL.

Existing installs: after migrating, run ``fyr reindex`` once to index the tickets, messages,
contacts and articles already there (new ones are indexed as they are written).
"""

from django.db import migrations


def create(apps, schema_editor):
    from fyr.search import backends

    backends.create_schema(schema_editor)


def drop(apps, schema_editor):
    from fyr.search import backends

    backends.drop_schema(schema_editor)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tickets", "0003_ticket_sla_due_at_alter_ticketevent_kind_and_more"),
        ("customers", "0003_contact_vip_organization_support_plan_and_more"),
        ("knowledge", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
