"""The triggers and automations API."""

from ninja import Router

router = Router(tags=["Triggers and automations"])
