"""The desk's knowledge-base forms: plain fields in, the services' values out, their errors
back on the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fyr.knowledge import services
from fyr.knowledge.choices import Language, Visibility
from fyr.knowledge.models import Category, Section


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Section) -> str:  # type: ignore[override]
        return f"{obj.category} › {obj}"


def _sections() -> Any:
    return Section.objects.select_related("category").order_by(
        "category__position", "category_id", "position", "id"
    )


class ServiceErrors(forms.Form):
    """A form that shows a service's ValidationError on the fields it names."""

    def apply_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)


class ArticleForm(ServiceErrors):
    section = SectionChoice(label=_("Section"), queryset=Section.objects.none())
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One or two sentences shown in lists and search results."),
    )
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=services.MAX_BODY,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    is_faq = forms.BooleanField(label=_("Show in the FAQ"), required=False)
    note = forms.CharField(
        label=_("What changed"), max_length=200, required=False, help_text=_("For the history.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = _sections()  # type: ignore[attr-defined]
        if editing:
            del self.fields["language"]


class TranslationForm(ServiceErrors):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body_markdown = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=services.MAX_BODY,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )


class PreviewForm(forms.Form):
    body_markdown = forms.CharField(max_length=services.MAX_BODY, required=False, strip=False)


class CategoryForm(ServiceErrors):
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    description_sv = forms.CharField(
        label=_("Description (Swedish)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    slug = forms.SlugField(
        label=_("Address name"),
        max_length=120,
        required=False,
        help_text=_("Used in the portal's addresses; made from the name when empty."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, required=False)


class SectionForm(CategoryForm):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("position", "id")
    )
    field_order = ["category"]
