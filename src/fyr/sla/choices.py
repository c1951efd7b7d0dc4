from django.db import models
from django.utils.translation import gettext_lazy as _


class Metric(models.TextChoices):
    """What an SLA target promises. First response: the first public answer to a new ticket.
    Next reply: an answer to each later customer message. Resolution: the ticket solved."""

    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_REPLY = "next_reply", _("Next reply")
    RESOLUTION = "resolution", _("Resolution")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")  # fulfilled: met or breached, see ``breached_at``
    CANCELLED = "cancelled", _("No longer applies")


class Outcome(models.TextChoices):
    """A clock as agents and the API see it."""

    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    CANCELLED = "cancelled", _("No longer applies")


class Escalation(models.TextChoices):
    """What an SLA policy does when a target is about to be missed, or missed."""

    NOTIFY_ASSIGNEE = "notify_assignee", _("Email the assignee")
    NOTIFY_TEAM_LEADS = "notify_team_leads", _("Email the team's leads")
    RAISE_PRIORITY = "raise_priority", _("Raise the priority one step")
    MOVE_TO_TEAM = "move_to_team", _("Move to another team")
    SET_TIER = "set_tier", _("Escalate to a support tier")
