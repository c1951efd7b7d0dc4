from django.urls import include, path

from fyr.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("suggest/", views.suggest_articles, name="suggest_articles"),
    path("new/", views.new_request, name="new_request"),
    path("new/thanks/", views.thanks, name="thanks"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", views.sign_in_confirm, name="sign_in_confirm"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("tickets/", views.ticket_list, name="tickets"),
    path("tickets/<int:number>/", views.ticket_detail, name="ticket"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("help/", include("fyr.knowledge.portal_urls")),
    path("bot/", include("fyr.bot.portal_urls")),
]
