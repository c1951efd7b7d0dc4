"""The chatbot's conversations and every answer it gave (``BotTurn``), kept for review.

A conversation is addressed by an unguessable ``token`` (the portal page and the API pass it
back), never by its id, so one visitor cannot read another's transcript.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fyr.bot.choices import HandoverReason, Verdict


class Conversation(models.Model):
    token = models.CharField(max_length=43, unique=True)
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    visitor = models.CharField(
        max_length=64, blank=True, help_text="The help centre's visitor key (hashed)."
    )
    #: Answers in a row the customer said did not help (or asked again after).
    failures = models.PositiveSmallIntegerField(default=0)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The ticket the conversation was handed over to.",
    )
    #: Set when a handover is pending: the reason the next ``hand_over`` records.
    handover_reason = models.CharField(
        max_length=20, choices=HandoverReason.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bot conversation")
        verbose_name_plural = _("bot conversations")
        indexes = [models.Index(fields=["visitor", "-updated_at"], name="bot_conv_visitor")]

    def __str__(self) -> str:
        return f"{self.pk} ({self.language})"


class BotTurn(models.Model):
    """One customer message and what the bot did with it. Every answer is logged."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    #: The cited article's id first, then the runners-up shown.
    article_ids = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(_("confidence"), default=0.0)
    language = models.CharField(_("language"), max_length=8, blank=True)
    handover = models.BooleanField(_("handed over"), default=False)
    reason = models.CharField(
        _("reason"), max_length=20, choices=HandoverReason.choices, blank=True, default=""
    )
    #: Which backend produced the answer, e.g. ``lexical``, ``lexical+embeddings+llm``, or
    #: ``lexical (embeddings failed: timeout)`` after a fallback.
    backend = models.CharField(_("backend"), max_length=200, blank=True)
    verdict = models.CharField(
        _("review"), max_length=4, choices=Verdict.choices, blank=True, default=""
    )
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bot answer")
        verbose_name_plural = _("bot answers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="bot_turn_created"),
            models.Index(fields=["handover", "-created_at", "-id"], name="bot_turn_handover"),
            models.Index(fields=["confidence", "created_at"], name="bot_turn_confidence"),
            models.Index(fields=["conversation", "created_at"], name="bot_turn_conversation"),
            models.Index(fields=["verdict", "-created_at", "-id"], name="bot_turn_verdict"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.question[:40]}"

    @property
    def cited_id(self) -> int | None:
        return self.article_ids[0] if self.article_ids and not self.handover else None
