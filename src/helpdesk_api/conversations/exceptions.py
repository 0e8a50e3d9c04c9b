from helpdesk_api.errors import InvalidRequest


class InvalidTransition(InvalidRequest):
    slug, title = "invalid-transition", "This status change is not allowed"


class InvalidSnooze(InvalidRequest):
    slug, title = "invalid-snooze", "Snoozing needs a time in the future"


class UnknownReference(InvalidRequest):
    """A body names rows (labels, users, inboxes …) that the account does not have."""

    slug, title = "unknown-reference", "Unknown reference"
