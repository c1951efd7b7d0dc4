from django.contrib import admin

from fyr.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleVersion,
    Category,
    Section,
    SuggestedArticleView,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Read-only: categories are managed in the desk, through the services."""

    list_display = ["name_sv", "name_en", "slug", "position"]
    readonly_fields = ["name_sv", "name_en", "description_sv", "description_en", "slug", "position"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name_sv", "name_en", "category", "slug", "position"]
    list_select_related = ["category"]
    readonly_fields = [
        "category",
        "name_sv",
        "name_en",
        "description_sv",
        "description_en",
        "slug",
        "position",
    ]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Read-only: articles are written in the desk, where every edit is a version."""

    list_display = ["title", "language", "status", "visibility", "section", "version", "updated_at"]
    list_filter = ["status", "visibility", "language"]
    list_select_related = ["section"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Article._meta.fields] + ["related"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = ["article", "number", "author", "created_at"]
    list_select_related = ["article", "author"]
    readonly_fields = [f.name for f in ArticleVersion._meta.fields]


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "created_at"]
    list_select_related = ["article"]
    readonly_fields = [f.name for f in ArticleFeedback._meta.fields]


@admin.register(SuggestedArticleView)
class SuggestedArticleViewAdmin(admin.ModelAdmin):
    list_display = ["article", "source", "viewed_at", "request_ticket"]
    list_select_related = ["article"]
    list_filter = ["source"]
    readonly_fields = [f.name for f in SuggestedArticleView._meta.fields]
