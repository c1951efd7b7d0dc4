from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "fyr.sla"
    label = "sla"
    verbose_name = _("SLA")

    def ready(self) -> None:
        from fyr.core import periodic
        from fyr.sla import clocks, sweep
        from fyr.tickets import hooks

        hooks.observe("sla", clocks.on_change, order=30)
        periodic.register("sla", sweep.sweep)
