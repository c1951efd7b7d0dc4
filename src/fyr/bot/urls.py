from django.urls import path

from fyr.bot import views

urlpatterns = [
    path("bot/answers/", views.turn_list, name="bot_turns"),
    path("bot/answers/<int:pk>/review/", views.turn_review, name="bot_turn_review"),
]
