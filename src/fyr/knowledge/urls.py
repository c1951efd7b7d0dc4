from django.urls import path

from fyr.knowledge import views

urlpatterns = [
    path("kb/", views.article_list, name="kb_articles"),
    path("kb/new/", views.article_new, name="kb_article_new"),
    path("kb/preview/", views.preview, name="kb_preview"),
    path("kb/<int:pk>/", views.article_detail, name="kb_article"),
    path("kb/<int:pk>/edit/", views.article_edit, name="kb_article_edit"),
    path("kb/<int:pk>/publish/", views.article_publish, name="kb_article_publish"),
    path("kb/<int:pk>/unpublish/", views.article_unpublish, name="kb_article_unpublish"),
    path("kb/<int:pk>/archive/", views.article_archive, name="kb_article_archive"),
    path("kb/<int:pk>/delete/", views.article_delete, name="kb_article_delete"),
    path("kb/<int:pk>/versions/", views.article_versions, name="kb_article_versions"),
    path("kb/<int:pk>/diff/", views.article_diff, name="kb_article_diff"),
    path(
        "kb/<int:pk>/versions/<int:number>/restore/",
        views.article_restore,
        name="kb_article_restore",
    ),
    path("kb/<int:pk>/translate/", views.article_translate, name="kb_article_translate"),
    path("kb/<int:pk>/related/", views.article_related, name="kb_article_related"),
    path("kb/<int:pk>/attachments/", views.article_attachments, name="kb_article_attachments"),
    path("kb/attachments/<int:pk>/delete/", views.attachment_delete, name="kb_attachment_delete"),
    path("kb/<int:pk>/feedback/", views.article_feedback, name="kb_article_feedback"),
    path("kb/categories/", views.category_list, name="kb_categories"),
    path("kb/categories/new/", views.category_new, name="kb_category_new"),
    path("kb/categories/<int:pk>/", views.category_edit, name="kb_category"),
    path("kb/categories/<int:pk>/delete/", views.category_delete, name="kb_category_delete"),
    path("kb/sections/new/", views.section_new, name="kb_section_new"),
    path("kb/sections/<int:pk>/", views.section_edit, name="kb_section"),
    path("kb/sections/<int:pk>/delete/", views.section_delete, name="kb_section_delete"),
]
