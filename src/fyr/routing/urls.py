from django.urls import path

from fyr.routing import views

urlpatterns = [
    path("availability/", views.availability, name="availability"),
    path("tickets/<int:number>/tier/", views.change_tier, name="ticket_tier"),
    path("settings/routing/", views.settings_page, name="routing"),
    path("settings/routing/teams/<int:pk>/", views.team_mode, name="routing_team"),
    path("settings/routing/agents/<int:pk>/", views.agent_routing, name="routing_agent"),
    path("settings/routing/rules/", views.rule_create, name="routing_rule_create"),
    path("settings/routing/rules/<int:pk>/delete/", views.rule_delete, name="routing_rule_delete"),
]
