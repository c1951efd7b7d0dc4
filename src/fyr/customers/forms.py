"""Desk forms for customers: lookup and merging two contacts into one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fyr.customers import services as customers
from fyr.customers.choices import IdentityKind
from fyr.customers.models import Contact


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("Email or name"), required=False, max_length=320)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)


class MergeContactForm(forms.Form):
    """Merge the contact on the page into the one with ``email`` (the one that is kept)."""

    email = forms.EmailField(label=_("Merge into the contact with email"))

    def __init__(self, *args: Any, source: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_email(self) -> Contact:
        email = self.cleaned_data["email"]
        target = customers.find_contact(IdentityKind.EMAIL, email)
        if target is None:
            raise ValidationError(_("No contact has the email %(email)s") % {"email": email})
        while target.merged_into_id is not None:
            target = Contact.objects.get(pk=target.merged_into_id)
        if target.pk == self.source.pk:
            raise ValidationError(_("A contact cannot be merged into itself"))
        return target
