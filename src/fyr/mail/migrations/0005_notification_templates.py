"""The portal's notifications become editable templates too: a new reply on a ticket that did
not come by email, and the sign-in link. The confirmation gains the portal's sign-in link."""

from django.db import migrations, models

DEFAULTS = [
    (
        "reply",
        "sv",
        "Nytt svar på ditt ärende: {{ ticket.subject }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "{{ agent }} har svarat på ditt ärende #{{ ticket.number }}:\n\n"
        "{{ message }}\n\n"
        "{% if attachments %}Svaret har {{ attachments }} bilag{{ attachments|pluralize:'a,or' }}, "
        "som du hittar i kundportalen.\n\n{% endif %}"
        "Status: {{ status }}\n\n"
        "Läs hela konversationen och svara i vår kundportal:\n{{ link }}\n\n"
        "Med vänliga hälsningar\n{{ company }}\n",
    ),
    (
        "reply",
        "en",
        "New reply to your ticket: {{ ticket.subject }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "{{ agent }} has replied to your ticket #{{ ticket.number }}:\n\n"
        "{{ message }}\n\n"
        "{% if attachments %}The reply has {{ attachments }} attachment{{ attachments|pluralize }}; "
        "you can open {{ attachments|pluralize:'it,them' }} in the customer portal.\n\n{% endif %}"
        "Status: {{ status }}\n\n"
        "Read the whole conversation and answer in our customer portal:\n{{ link }}\n\n"
        "Kind regards\n{{ company }}\n",
    ),
    (
        "sign_in",
        "sv",
        "Din inloggningslänk till {{ company }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "öppna den här länken för att logga in i kundportalen hos {{ company }}. Den fungerar "
        "en gång, inom {{ minutes }} minuter:\n{{ link }}\n\n"
        "Om du inte har bett om att logga in kan du bortse från det här mejlet.\n",
    ),
    (
        "sign_in",
        "en",
        "Your sign-in link for {{ company }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n\n"
        "open this link to sign in to {{ company }}'s customer portal. It works once, within "
        "{{ minutes }} minutes:\n{{ link }}\n\n"
        "If you did not ask to sign in, you can ignore this email.\n",
    ),
]

SIGN_IN_LINE = {
    "sv": "Logga in i kundportalen med din e-postadress här: {{ sign_in_link }}\n\n",
    "en": "Sign in to the customer portal with your email address here: {{ sign_in_link }}\n\n",
}
CLOSING = {"sv": "Med vänliga hälsningar", "en": "Kind regards"}


def create(apps, schema_editor):
    EmailTemplate = apps.get_model("mail", "EmailTemplate")
    for key, language, subject, body in DEFAULTS:
        EmailTemplate.objects.get_or_create(
            key=key, language=language, mailbox=None, defaults={"subject": subject, "body": body}
        )
    for language, line in SIGN_IN_LINE.items():
        received = EmailTemplate.objects.filter(
            key="received", language=language, mailbox=None
        ).first()
        if received and "sign_in_link" not in received.body and CLOSING[language] in received.body:
            received.body = received.body.replace(CLOSING[language], line + CLOSING[language], 1)
            received.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("mail", "0004_mailbox_templates")]
    operations = [
        migrations.AlterField(
            model_name="autoreplylog",
            name="template",
            field=models.CharField(
                choices=[
                    ("received", "Ticket received (automatic confirmation)"),
                    ("reply", "New reply (tickets that did not come by email)"),
                    ("sign_in", "Sign-in link to the customer portal"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="emailtemplate",
            name="body",
            field=models.TextField(
                help_text="Placeholders, written as {{ name }}: ticket.number, ticket.subject, contact.name, company, link (the ticket in the portal) and sign_in_link; a new reply also has agent, message, status and attachments (how many); the sign-in link has link and minutes.",
                verbose_name="text",
            ),
        ),
        migrations.AlterField(
            model_name="emailtemplate",
            name="key",
            field=models.CharField(
                choices=[
                    ("received", "Ticket received (automatic confirmation)"),
                    ("reply", "New reply (tickets that did not come by email)"),
                    ("sign_in", "Sign-in link to the customer portal"),
                ],
                max_length=30,
                verbose_name="template",
            ),
        ),
        migrations.RunPython(create, migrations.RunPython.noop),
    ]
