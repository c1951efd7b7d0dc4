"""The business hours API."""

from ninja import Router

router = Router(tags=["Business hours"])
