"""Request types for code that runs behind authentication.

Django types ``request.user`` as ``User | AnonymousUser`` and knows nothing of the attributes
middleware and django-ninja add. These subclasses exist only for annotations: a desk view behind
``login_required`` takes an ``AgentRequest``, an API endpoint (whose auth classes set
``request.auth`` to the agent) takes an ``ApiRequest``. Nothing constructs them; the objects are
ordinary ``HttpRequest`` instances.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from fyr.accounts.models import User


class AgentRequest(HttpRequest):
    """A desk request from a logged-in agent (``login_required``), through ``HtmxMiddleware``."""

    user: User
    htmx: HtmxDetails


class ApiRequest(HttpRequest):
    """An API request that passed the API's auth classes: ``request.auth`` is the agent."""

    auth: User
