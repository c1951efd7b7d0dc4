from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who sees a macro: its owner, one team's members, or every agent."""

    PERSONAL = "personal", _("Personal")
    TEAM = "team", _("Team")
    SHARED = "shared", _("Shared")


#: The field changes a macro may make, in the order they are applied: the team before the
#: assignee, so that "move to Billing and assign to me" ends with both (the assignee's team
#: check runs against the new team).
CHANGE_FIELDS = (
    "status",
    "priority",
    "type",
    "tier",
    "team",
    "assignee",
    "add_tags",
    "remove_tags",
)

#: ``changes["assignee"]`` may name the agent applying the macro instead of a fixed agent.
ASSIGN_TO_ME = "me"
