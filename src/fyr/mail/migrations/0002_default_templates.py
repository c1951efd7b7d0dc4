"""The notification templates every installation starts with, in Swedish and English."""

from django.db import migrations

DEFAULTS = [
    (
        "received",
        "sv",
        "Vi har tagit emot ditt ärende: {{ ticket.subject }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "tack för ditt meddelande. Vi har tagit emot det som ärende #{{ ticket.number }} och "
        "återkommer så snart vi kan.\n\n"
        "Svara på det här mejlet om du vill lägga till något; behåll [#{{ ticket.number }}] i "
        "ämnesraden. Du kan också följa ärendet här: {{ link }}\n\n"
        "Med vänliga hälsningar\n{{ company }}\n",
    ),
    (
        "received",
        "en",
        "We have received your request: {{ ticket.subject }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "thank you for your message. We have received it as ticket #{{ ticket.number }} and will "
        "get back to you as soon as we can.\n\n"
        "Reply to this email to add anything; keep [#{{ ticket.number }}] in the subject line. "
        "You can also follow the ticket here: {{ link }}\n\n"
        "Kind regards\n{{ company }}\n",
    ),
]


def create(apps, schema_editor):
    EmailTemplate = apps.get_model("mail", "EmailTemplate")
    for key, language, subject, body in DEFAULTS:
        EmailTemplate.objects.get_or_create(
            key=key, language=language, defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("mail", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
