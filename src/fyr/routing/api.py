"""The routing API."""

from ninja import Router

router = Router(tags=["Routing"])
