from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "fyr.rules"
    label = "rules"
    verbose_name = _("Triggers and automations")

    def ready(self) -> None:
        """Triggers observe every saved ticket change (order 10: before routing and SLA, so
        a trigger that sets a team or priority is what they see); automations run every minute."""
        from fyr.core import periodic
        from fyr.rules.automations import run_automations
        from fyr.rules.triggers import on_change
        from fyr.tickets import hooks

        hooks.observe("rules", on_change, order=10)
        periodic.register("automations", run_automations)
