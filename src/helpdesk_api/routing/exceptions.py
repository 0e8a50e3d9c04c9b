from helpdesk_api.errors import Conflict, InvalidRequest, NotFound


class ConversationNotActive(Conflict):
    slug, title = "conversation-not-active", "The conversation is closed or archived"


class NotAvailable(Conflict):
    slug, title = "not-available", "The user is not online"


class OverCapacity(Conflict):
    slug, title = "over-capacity", "The user has no capacity left"


class UserDeactivated(Conflict):
    slug, title = "user-deactivated", "The user is deactivated"


class NoBot(Conflict):
    slug, title = "no-bot", "The inbox has no bot"


class UnknownTarget(NotFound):
    """A user or team named in the body that this account does not have."""

    slug, title = "unknown-target", "No such user or team"


class InvalidTarget(InvalidRequest):
    slug, title = "invalid-target", "The conversation cannot go there"
