from django.urls import path

from fyr.sla import views

urlpatterns = [
    path("settings/sla/", views.policy_list, name="sla_policies"),
    path("settings/sla/new/", views.policy_new, name="sla_policy_new"),
    path("settings/sla/<int:pk>/", views.policy_edit, name="sla_policy"),
    path("settings/sla/<int:pk>/delete/", views.policy_delete, name="sla_policy_delete"),
    path("settings/sla/<int:pk>/move/", views.policy_move, name="sla_policy_move"),
]
