"""The agent desk at /desk/: each app contributes its own views under one namespace."""

from django.urls import include, path

app_name = "desk"

urlpatterns = [
    path("", include("fyr.accounts.urls")),
    path("", include("fyr.tickets.urls")),
    path("", include("fyr.customers.urls")),
    path("", include("fyr.mail.urls")),
    path("", include("fyr.core.urls")),
    path("", include("fyr.calendars.urls")),
    path("", include("fyr.sla.urls")),
    path("", include("fyr.routing.urls")),
    path("", include("fyr.rules.urls")),
    path("", include("fyr.macros.urls")),
    path("", include("fyr.knowledge.urls")),
    path("", include("fyr.search.urls")),
    path("", include("fyr.bot.urls")),
]
