"""View decorators for the desk."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

View = Callable[..., HttpResponseBase]


def admin_required(view: View) -> View:
    """The desk's settings pages: logged-in administrators only (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not getattr(request.user, "is_admin", False):
            raise PermissionDenied(_("Only administrators may change settings"))
        return view(request, *args, **kwargs)

    return wrapper
