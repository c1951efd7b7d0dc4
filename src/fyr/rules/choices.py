"""The fixed vocabularies of rules: when a trigger runs, what an action does, how a delivery went."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunOn(models.TextChoices):
    """The kinds of change a trigger reacts to (a trigger lists one or more)."""

    CREATED = "created", _("Ticket created")
    UPDATED = "updated", _("Ticket updated")
    CUSTOMER_MESSAGE = "customer_message", _("Message from the customer")
    AGENT_MESSAGE = "agent_message", _("Reply or note by an agent")


class ActionKind(models.TextChoices):
    SET_STATUS = "set_status", _("Set status")
    SET_PRIORITY = "set_priority", _("Set priority")
    SET_TYPE = "set_type", _("Set type")
    SET_TEAM = "set_team", _("Set team")
    SET_TIER = "set_tier", _("Set support tier")
    SET_ASSIGNEE = "set_assignee", _("Assign to agent")
    ADD_TAGS = "add_tags", _("Add tags")
    REMOVE_TAGS = "remove_tags", _("Remove tags")
    ADD_NOTE = "add_note", _("Add internal note")
    EMAIL_CUSTOMER = "email_customer", _("Reply to the customer")
    NOTIFY = "notify", _("Email agents")
    WEBHOOK = "webhook", _("Call webhook")


class Recipients(models.TextChoices):
    """Whom a ``notify`` action emails."""

    ASSIGNEE = "assignee", _("The assignee")
    TEAM = "team", _("Everyone in the team")
    TEAM_LEADS = "team_leads", _("The team's leads")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    RETRYING = "retrying", _("Will retry")
    FAILED = "failed", _("Failed")
