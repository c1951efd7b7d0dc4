"""The desk's SLA settings: the ordered list of policies, and a form to write one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fyr.core.decorators import admin_required
from fyr.sla import services
from fyr.sla.forms import PolicyForm
from fyr.sla.models import SlaPolicy


@admin_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = SlaPolicy.objects.prefetch_related("targets").order_by("position", "id")
    return render(request, "sla/policy_list.html", {"policies": policies})


@admin_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@admin_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(SlaPolicy, pk=pk))


def _edit(request: HttpRequest, policy: SlaPolicy | None) -> HttpResponse:
    form = PolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved is not None:
            messages.success(request, _("The SLA policy %(name)s is saved") % {"name": saved.name})
            return redirect("desk:sla_policies")
    status = 422 if request.method == "POST" else 200
    return render(request, "sla/policy_form.html", {"form": form, "policy": policy}, status=status)


@admin_required
@require_POST
def policy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(SlaPolicy, pk=pk)
    services.delete_policy(policy)
    messages.success(request, _("The SLA policy %(name)s is deleted") % {"name": policy.name})
    return redirect("desk:sla_policies")


@admin_required
@require_POST
def policy_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a policy one place up or down in the order (``direction`` = up | down)."""
    ids = list(SlaPolicy.objects.order_by("position", "id").values_list("id", flat=True))
    if pk not in ids:
        return redirect("desk:sla_policies")
    index = ids.index(pk)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
        services.reorder(ids)
    return redirect("desk:sla_policies")
