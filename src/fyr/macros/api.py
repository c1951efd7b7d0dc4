"""The macros API."""

from ninja import Router

router = Router(tags=["Macros"])
