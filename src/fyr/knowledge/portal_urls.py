from django.urls import path

from fyr.knowledge import portal_views as views

app_name = "kb"

urlpatterns = [
    path("", views.home, name="home"),
    path("faq/", views.faq, name="faq"),
    path("a/<int:pk>/", views.article_by_id, name="article_by_id"),
    path("a/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:category_slug>/<slug:slug>/", views.section, name="section"),
    path("<str:language>/<slug:slug>/", views.article, name="article"),
]
