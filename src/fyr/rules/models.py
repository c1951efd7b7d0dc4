"""Models of fyr.rules."""

from django.db import models  # noqa: F401
