from django.urls import path

from fyr.macros import views

urlpatterns = [
    path("settings/macros/", views.macro_list, name="macros"),
    path("settings/macros/new/", views.macro_new, name="macro_new"),
    path("settings/macros/preview/", views.macro_preview, name="macro_preview"),
    path("settings/macros/<int:pk>/", views.macro_edit, name="macro"),
    path("settings/macros/<int:pk>/delete/", views.macro_delete, name="macro_delete"),
    path("tickets/<int:number>/macros/", views.macro_search, name="macro_search"),
    path("tickets/<int:number>/macros/<int:pk>/apply/", views.macro_apply, name="macro_apply"),
]
