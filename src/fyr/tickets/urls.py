from django.urls import path

from fyr.tickets import views, views_articles

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("inbox/counts/", views.inbox_counts, name="inbox_counts"),
    path("tickets/bulk/", views.bulk, name="bulk"),
    path("tickets/go/", views.go_to_ticket, name="go_to_ticket"),
    path("tickets/<int:number>/", views.ticket_view, name="ticket"),
    path("tickets/<int:number>/timeline/", views.ticket_timeline, name="ticket_timeline"),
    path("tickets/<int:number>/earlier/", views.ticket_earlier, name="ticket_earlier"),
    path("tickets/<int:number>/edit/", views.ticket_edit, name="ticket_edit"),
    path("tickets/<int:number>/messages/", views.ticket_compose, name="ticket_compose"),
    path("tickets/<int:number>/articles/", views_articles.ticket_articles, name="ticket_articles"),
    path(
        "tickets/<int:number>/articles/draft/",
        views_articles.ticket_article_draft,
        name="ticket_article_draft",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
