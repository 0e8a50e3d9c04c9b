from helpdesk_api.errors import Conflict, InvalidRequest


class UnknownMembers(InvalidRequest):
    slug, title = "unknown-members", "Some users are not active users of this account"


class NotAMember(InvalidRequest):
    slug, title = "not-a-member", "Mentioned users must be members of the channel"


class FixedMembership(Conflict):
    """Only groups change members: all-staff follows the active users, a direct channel
    is its two users for good."""

    slug, title = "fixed-membership", "This channel's members cannot change"
