from django.urls import path

from fyr.bot import portal_views as views

app_name = "bot"

urlpatterns = [
    path("", views.home, name="home"),
]
