from django.urls import path

from fyr.search import views

urlpatterns = [path("search/", views.search_page, name="search")]
