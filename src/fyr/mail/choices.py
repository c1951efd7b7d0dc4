from django.db import models
from django.utils.translation import gettext_lazy as _


class ImapSecurity(models.TextChoices):
    TLS = "tls", _("TLS (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (only on a trusted network)")


class MailSource(models.TextChoices):
    IMAP = "imap", _("IMAP")
    LMTP = "lmtp", _("LMTP")
    HTTP = "http", _("HTTP webhook")
    IMPORT = "import", _("Import")


class InboundState(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    BOUNCE = "bounce", _("Bounce")
    QUARANTINED = "quarantined", _("Quarantined")
    IGNORED = "ignored", _("Ignored")


class TemplateKey(models.TextChoices):
    RECEIVED = "received", _("Ticket received (automatic confirmation)")
    REPLY = "reply", _("New reply (tickets that did not come by email)")
    SIGN_IN = "sign_in", _("Sign-in link to the customer portal")
