"""Closed vocabularies of the domain, checked by the database as well."""

import enum


class Channel(enum.StrEnum):
    web_chat = "web_chat"
    email = "email"
    whatsapp = "whatsapp"
    messenger = "messenger"
    api = "api"


class ConversationStatus(enum.StrEnum):
    open = "open"
    snoozed = "snoozed"
    closed = "closed"
    archived = "archived"


class Priority(enum.StrEnum):
    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    urgent = "urgent"


class MessageKind(enum.StrEnum):
    reply = "reply"
    note = "note"
    whisper = "whisper"
    system = "system"


#: What a customer sees of a conversation: replies and system messages (the away message),
#: never notes or whispers.
CUSTOMER_VISIBLE_KINDS = frozenset({MessageKind.reply, MessageKind.system})


class SenderType(enum.StrEnum):
    contact = "contact"
    user = "user"
    bot = "bot"
    system = "system"


class DeliveryStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    delivered = "delivered"
    read = "read"
    failed = "failed"


class FactKind(enum.StrEnum):
    """Rows of ``report_fact``: what statistics count, recorded when it happens."""

    opened = "opened"
    reopened = "reopened"
    first_response = "first_response"
    response = "response"
    resolved = "resolved"
    rated = "rated"


def check_in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN (" + ", ".join(f"'{m.value}'" for m in values) + ")"
