"""Desk login and logout: Django's auth views with Fyr's templates."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from fyr.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logout by POST only (Django refuses GET), then back to the login page."""

    next_page = "desk:login"
