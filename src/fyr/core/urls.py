from django.urls import path

from fyr.core import views

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
]
