from django.urls import path

from fyr.mail import views

urlpatterns = [
    path("messages/<int:pk>/original/", views.original, name="message_original"),
]
