from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "fyr.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self) -> None:
        from fyr.mail.outbound import adapter
        from fyr.tickets import channels
        from fyr.tickets.choices import Channel

        channels.register(Channel.EMAIL, adapter)
