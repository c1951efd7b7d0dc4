"""The notification texts Fyr starts with, in Swedish and English. Migrations copy them into
``EmailTemplate`` rows, which administrators edit; when a row is missing, these are used, so a
notification never fails for want of a template."""

# (template, language) -> (subject, text); both are Django templates, see EmailTemplate.body.
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("received", "sv"): (
        "Vi har tagit emot ditt ärende: {{ ticket.subject }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "tack för ditt meddelande. Vi har tagit emot det som ärende #{{ ticket.number }} och återkommer så snart vi kan.\n"
        "\n"
        "{% if answer_within %}Du får ett första svar inom {{ answer_within }}.\n"
        "\n"
        "{% endif %}"
        "{% if opening_hours %}Vi har öppet {{ opening_hours }}.{% if not open_now and next_opening %} Just nu har vi stängt; vi svarar när vi öppnar {{ next_opening }}.{% endif %}\n"
        "\n"
        "{% endif %}"
        "Svara på det här mejlet om du vill lägga till något; behåll [#{{ ticket.number }}] i ämnesraden. Du kan också följa ärendet här: {{ link }}\n"
        "\n"
        "Logga in i kundportalen med din e-postadress här: {{ sign_in_link }}\n"
        "\n"
        "Med vänliga hälsningar\n"
        "{{ company }}\n",
    ),
    ("received", "en"): (
        "We have received your request: {{ ticket.subject }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "thank you for your message. We have received it as ticket #{{ ticket.number }} and will get back to you as soon as we can.\n"
        "\n"
        "{% if answer_within %}You will have a first answer within {{ answer_within }}.\n"
        "\n"
        "{% endif %}"
        "{% if opening_hours %}We are open {{ opening_hours }}.{% if not open_now and next_opening %} We are closed right now and will answer when we open on {{ next_opening }}.{% endif %}\n"
        "\n"
        "{% endif %}"
        "Reply to this email to add anything; keep [#{{ ticket.number }}] in the subject line. You can also follow the ticket here: {{ link }}\n"
        "\n"
        "Sign in to the customer portal with your email address here: {{ sign_in_link }}\n"
        "\n"
        "Kind regards\n"
        "{{ company }}\n",
    ),
    ("reply", "sv"): (
        "Nytt svar på ditt ärende: {{ ticket.subject }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "{{ agent }} har svarat på ditt ärende #{{ ticket.number }}:\n"
        "\n"
        "{{ message }}\n"
        "\n"
        "{% if attachments %}Svaret har {{ attachments }} bilag{{ attachments|pluralize:'a,or' }}, som du hittar i kundportalen.\n"
        "\n"
        "{% endif %}Status: {{ status }}\n"
        "\n"
        "Läs hela konversationen och svara i vår kundportal:\n"
        "{{ link }}\n"
        "\n"
        "Med vänliga hälsningar\n"
        "{{ company }}\n",
    ),
    ("reply", "en"): (
        "New reply to your ticket: {{ ticket.subject }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "{{ agent }} has replied to your ticket #{{ ticket.number }}:\n"
        "\n"
        "{{ message }}\n"
        "\n"
        "{% if attachments %}The reply has {{ attachments }} attachment{{ attachments|pluralize }}; you can open {{ attachments|pluralize:'it,them' }} in the customer portal.\n"
        "\n"
        "{% endif %}Status: {{ status }}\n"
        "\n"
        "Read the whole conversation and answer in our customer portal:\n"
        "{{ link }}\n"
        "\n"
        "Kind regards\n"
        "{{ company }}\n",
    ),
    ("sign_in", "sv"): (
        "Din inloggningslänk till {{ company }}",
        "Hej{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "öppna den här länken för att logga in i kundportalen hos {{ company }}. Den fungerar en gång, inom {{ minutes }} minuter:\n"
        "{{ link }}\n"
        "\n"
        "Om du inte har bett om att logga in kan du bortse från det här mejlet.\n",
    ),
    ("sign_in", "en"): (
        "Your sign-in link for {{ company }}",
        "Hello{% if contact.name %} {{ contact.name }}{% endif %},\n"
        "\n"
        "open this link to sign in to {{ company }}'s customer portal. It works once, within {{ minutes }} minutes:\n"
        "{{ link }}\n"
        "\n"
        "If you did not ask to sign in, you can ignore this email.\n",
    ),
}
