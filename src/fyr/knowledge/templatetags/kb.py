"""Template filters for the knowledge base: a category's or section's name in a language."""

from __future__ import annotations

from django import template

from fyr.knowledge.models import Category, Section

register = template.Library()


@register.filter
def kb_name(named: Category | Section, language: str) -> str:
    return named.name_in(language)


@register.filter
def kb_description(named: Category | Section, language: str) -> str:
    return named.description_in(language)
