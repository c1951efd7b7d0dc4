from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


#: Statuses in which the ticket still needs work from the support side or the customer.
UNSOLVED = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)

#: Which status an agent may move a ticket to from each status. Closed is final.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED},
    Status.OPEN: {Status.PENDING, Status.ON_HOLD, Status.SOLVED},
    Status.PENDING: {Status.OPEN, Status.ON_HOLD, Status.SOLVED},
    Status.ON_HOLD: {Status.OPEN, Status.PENDING, Status.SOLVED},
    Status.SOLVED: {Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.CLOSED},
    Status.CLOSED: set(),
}


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


#: Sort weight of each priority (higher is more urgent); stored alongside for index-backed sorts.
PRIORITY_RANK = {Priority.LOW: 1, Priority.NORMAL: 2, Priority.HIGH: 3, Priority.URGENT: 4}


class TicketType(models.TextChoices):
    QUESTION = "question", _("Question")
    INCIDENT = "incident", _("Incident")
    PROBLEM = "problem", _("Problem")
    TASK = "task", _("Task")
    COMPLAINT = "complaint", _("Complaint")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Web form")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MESSENGER = "messenger", _("Messenger")
    SOCIAL = "social", _("Social media")
    API = "api", _("API")
    DESK = "desk", _("Agent")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")
    SYSTEM = "system", _("System message")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class DeliveryStatus(models.TextChoices):
    NONE = "", _("Not applicable")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class ActorKind(models.TextChoices):
    AGENT = "agent", _("Agent")
    CONTACT = "contact", _("Customer")
    SYSTEM = "system", _("System")


class EventKind(models.TextChoices):
    CREATED = "created", _("Ticket created")
    MESSAGE_RECEIVED = "message_received", _("Message received")
    REPLY_SENT = "reply_sent", _("Reply sent")
    NOTE_ADDED = "note_added", _("Internal note added")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    TYPE_CHANGED = "type_changed", _("Type changed")
    ASSIGNEE_CHANGED = "assignee_changed", _("Assignee changed")
    TEAM_CHANGED = "team_changed", _("Team changed")
    TIER_CHANGED = "tier_changed", _("Support tier changed")
    TAGS_CHANGED = "tags_changed", _("Tags changed")
    SUBJECT_CHANGED = "subject_changed", _("Subject changed")
    REQUESTER_CHANGED = "requester_changed", _("Requester changed")
    FIELDS_CHANGED = "fields_changed", _("Custom fields changed")
    REOPENED = "reopened", _("Reopened by the customer")
    MERGED_INTO = "merged_into", _("Merged into another ticket")
    MERGED_FROM = "merged_from", _("Another ticket merged in")
    FOLLOW_UP_CREATED = "follow_up_created", _("Follow-up opened")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    ESCALATED = "escalated", _("Escalated to a higher tier")
    DE_ESCALATED = "de_escalated", _("Returned to a lower tier")
    SLA_WARNING = "sla_warning", _("SLA target about to be missed")
    SLA_BREACHED = "sla_breached", _("SLA target missed")
    RULE_FIRED = "rule_fired", _("Rule applied")
    MACRO_APPLIED = "macro_applied", _("Macro applied")
    NOTIFICATION_SENT = "notification_sent", _("Notification sent")
    WEBHOOK_CALLED = "webhook_called", _("Webhook called")
    WEBHOOK_FAILED = "webhook_failed", _("Webhook failed")
