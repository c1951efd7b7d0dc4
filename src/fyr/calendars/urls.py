from django.urls import path

from fyr.calendars import views

urlpatterns = [
    path("settings/calendars/", views.calendar_list, name="calendars"),
    path("settings/calendars/new/", views.calendar_new, name="calendar_new"),
    path("settings/calendars/regions/", views.calendar_regions, name="calendar_regions"),
    path("settings/calendars/preview/", views.calendar_preview, name="calendar_preview"),
    path("settings/calendars/<int:pk>/", views.calendar_edit, name="calendar"),
    path("settings/calendars/<int:pk>/delete/", views.calendar_delete, name="calendar_delete"),
]
