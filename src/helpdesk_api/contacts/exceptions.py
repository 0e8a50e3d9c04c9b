from helpdesk_api.errors import Conflict, InvalidRequest


class IdentifierTaken(Conflict):
    slug, title = "contact-identifier-taken", "Another contact has this identifier"


class ContactMerged(InvalidRequest):
    """A merged contact is kept for the record; changes go to the one it was merged into."""

    slug, title = "contact-merged", "The contact was merged into another"


class InvalidMerge(InvalidRequest):
    slug, title = "invalid-merge", "These contacts cannot be merged"


class TooManyAttributes(InvalidRequest):
    slug, title = "too-many-attributes", "Too many custom attributes"


class OccurredInFuture(InvalidRequest):
    slug, title = "occurred-in-future", "The activity lies in the future"
