"""Models of fyr.sla."""

from django.db import models  # noqa: F401
