"""``fyr import-mail``: the hyphenated spelling of ``import_mail`` (see ``seed-demo``)."""

from fyr.mail.management.commands.import_mail import Command

__all__ = ["Command"]
