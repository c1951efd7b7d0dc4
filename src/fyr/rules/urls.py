from django.urls import path

from fyr.rules import views

urlpatterns = [
    path("settings/triggers/", views.trigger_list, name="triggers"),
    path("settings/triggers/new/", views.trigger_new, name="trigger_new"),
    path("settings/triggers/<int:pk>/", views.trigger_edit, name="trigger"),
    path("settings/automations/", views.automation_list, name="automations"),
    path("settings/automations/new/", views.automation_new, name="automation_new"),
    path("settings/automations/<int:pk>/", views.automation_edit, name="automation"),
    path("settings/rules/<str:kind>/<int:pk>/toggle/", views.rule_toggle, name="rule_toggle"),
    path("settings/rules/<str:kind>/<int:pk>/move/", views.rule_move, name="rule_move"),
    path("settings/rules/<str:kind>/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("settings/webhooks/", views.webhook_list, name="webhooks"),
    path("settings/webhooks/new/", views.webhook_new, name="webhook_new"),
    path("settings/webhooks/<int:pk>/", views.webhook_edit, name="webhook"),
    path("settings/webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
]
