"""The desk's login form: email and password, Django's authentication underneath."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Email + password. Inactive accounts are refused by Django's ``ModelBackend``."""

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("The email address or password is not correct."),
        "inactive": _("This account is deactivated."),
    }

    def clean_username(self) -> str:
        # Agents' addresses are stored in lower case; accept however they type it.
        return (self.cleaned_data.get("username") or "").strip().lower()
