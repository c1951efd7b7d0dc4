from django.urls import path

from fyr.customers import views

urlpatterns = [
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/merge/", views.contact_merge, name="contact_merge"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
]
