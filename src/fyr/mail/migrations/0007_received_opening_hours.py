"""The confirmation of a new ticket tells customers when to expect an answer: within the
first-response target of their SLA (fyr.sla), and the opening hours (fyr.calendars): "We are
open …", and when closed, when the answer can be expected. Only the general templates that
still read as shipped are changed; nothing is said while no target runs and no calendar exists."""

from django.db import migrations

LINES = {
    "sv": (
        "återkommer så snart vi kan.\n\n",
        "{% if answer_within %}Du får ett första svar inom {{ answer_within }}.\n\n{% endif %}"
        "{% if opening_hours %}Vi har öppet {{ opening_hours }}.{% if not open_now and "
        "next_opening %} Just nu har vi stängt; vi svarar när vi öppnar {{ next_opening }}."
        "{% endif %}\n\n{% endif %}",
    ),
    "en": (
        "as soon as we can.\n\n",
        "{% if answer_within %}You will have a first answer within {{ answer_within }}.\n\n"
        "{% endif %}"
        "{% if opening_hours %}We are open {{ opening_hours }}.{% if not open_now and "
        "next_opening %} We are closed right now and will answer when we open on "
        "{{ next_opening }}.{% endif %}\n\n{% endif %}",
    ),
}


def add_opening_hours(apps, schema_editor):
    EmailTemplate = apps.get_model("mail", "EmailTemplate")
    for language, (anchor, line) in LINES.items():
        for template in EmailTemplate.objects.filter(
            key="received", language=language, mailbox=None
        ):
            if "opening_hours" in template.body or anchor not in template.body:
                continue
            template.body = template.body.replace(anchor, anchor + line, 1)
            template.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("mail", "0006_mailbox_calendar")]
    operations = [migrations.RunPython(add_opening_hours, migrations.RunPython.noop)]
