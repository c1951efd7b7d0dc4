"""Models of fyr.routing."""

from django.db import models  # noqa: F401
