from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "fyr.portal"
    label = "portal"
    verbose_name = _("Customer portal")

    def ready(self) -> None:
        from fyr.portal.adapter import adapter
        from fyr.tickets import channels
        from fyr.tickets.choices import Channel

        channels.register(Channel.WEB, adapter)
        channels.register_fallback(adapter)
