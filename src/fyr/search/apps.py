from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "fyr.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from fyr.search import indexing
        from fyr.tickets import hooks

        hooks.observe("search", indexing.on_change, order=40)
