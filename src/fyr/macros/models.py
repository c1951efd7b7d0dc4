"""Models of fyr.macros."""

from django.db import models  # noqa: F401
