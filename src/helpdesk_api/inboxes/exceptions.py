from helpdesk_api.errors import InvalidRequest, NotFound


class InboxNotFound(NotFound):
    slug, title = "inbox-not-found", "Inbox not found"


class UnknownTeam(InvalidRequest):
    slug, title = "unknown-team", "The team is not a team of this account"
