from django.contrib import admin

from fyr.customers.models import Contact, ContactIdentity, Organization, OrganizationDomain


class DomainInline(admin.TabularInline):
    model = OrganizationDomain
    extra = 0


class IdentityInline(admin.TabularInline):
    model = ContactIdentity
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "shares_tickets", "created_at"]
    search_fields = ["name"]
    inlines = [DomainInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "language", "created_at"]
    list_select_related = ["organization"]
    search_fields = ["^name", "=identities__value"]
    raw_id_fields = ["organization", "merged_into"]
    inlines = [IdentityInline]
