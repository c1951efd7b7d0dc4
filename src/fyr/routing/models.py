"""Skill rules: which skills a ticket needs, from its tags, its type or its requester's language.

Agents' skills (``accounts.User.skills``), capacities and availability, and each team's
assignment mode live in ``fyr.accounts``; routing adds only what a ticket needs.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fyr.tickets.choices import TicketType

#: Exactly one of the three conditions holds a value (the others are empty).
ONE_CONDITION = (
    Q(tag__gt="", ticket_type="", language="")
    | Q(tag="", ticket_type__gt="", language="")
    | Q(tag="", ticket_type="", language__gt="")
)


class SkillRule(models.Model):
    """A ticket needs ``skill`` when it has tag ``tag``, is of type ``ticket_type``, or its
    requester writes in ``language``: exactly one condition per rule."""

    skill = models.ForeignKey(
        "accounts.Skill", verbose_name=_("skill"), on_delete=models.CASCADE, related_name="rules"
    )
    tag = models.CharField(_("tag"), max_length=100, blank=True)
    ticket_type = models.CharField(_("type"), max_length=10, choices=TicketType.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill rule")
        verbose_name_plural = _("skill rules")
        ordering = ["skill__name", "id"]
        constraints = [
            models.CheckConstraint(condition=ONE_CONDITION, name="skillrule_one_condition"),
            models.UniqueConstraint(
                fields=["skill", "tag", "ticket_type", "language"], name="skillrule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ← {self.condition_label}"

    @property
    def condition_kind(self) -> str:
        if self.tag:
            return "tag"
        return "type" if self.ticket_type else "language"

    @property
    def condition_label(self) -> str:
        if self.tag:
            return _("tag %(tag)s") % {"tag": self.tag}
        if self.ticket_type:
            return _("type %(type)s") % {"type": TicketType(self.ticket_type).label}
        return _("language %(language)s") % {"language": self.language}


class AgentLoad(models.Model):
    """How many open tickets (new or open) an agent holds: the figure capacity is checked
    against, kept here so a routing decision reads one row per member instead of counting
    every member's tickets (500 agents × 40 open tickets is 20,000 rows per decision).

    The tickets are the truth; this is an index of them. The routing observer adjusts it inside
    every ticket change that moves an assignee or a status, and the periodic routing job
    recounts it every minute, which repairs what no observer saw (a deleted ticket or agent).
    """

    user = models.OneToOneField(
        "accounts.User", primary_key=True, on_delete=models.CASCADE, related_name="routing_load"
    )
    open_work = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("agent load")
        verbose_name_plural = _("agent loads")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.open_work}"
