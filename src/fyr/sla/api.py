"""The sla API."""

from ninja import Router

router = Router(tags=["SLA"])
