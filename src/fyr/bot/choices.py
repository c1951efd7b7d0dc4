from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverReason(models.TextChoices):
    """Why the bot passed a conversation to a person (empty: it answered)."""

    NONE = "", _("Answered")
    LOW_CONFIDENCE = "low_confidence", _("Low confidence")
    ASKED_FOR_PERSON = "asked_for_person", _("Asked for a person")
    REPEATED_FAILURE = "repeated_failure", _("Answers did not help")
    ANGRY = "angry", _("Angry message")


class Verdict(models.TextChoices):
    """An agent's review of one bot answer."""

    UNREVIEWED = "", _("Not reviewed")
    GOOD = "good", _("Good")
    BAD = "bad", _("Bad")
