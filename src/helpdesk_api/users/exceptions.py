from helpdesk_api.errors import Conflict, InvalidRequest, NotAuthenticated, PermissionDenied


class EmailTaken(Conflict):
    slug, title = "email-taken", "E-mail already in use"


class OwnerProtected(PermissionDenied):
    slug, title = "owner-protected", "Only the owner may change the owner"


class OwnershipRule(InvalidRequest):
    """Exactly one owner per account: it can be handed on, never removed or duplicated."""

    slug, title = "ownership-rule", "The account must keep exactly one owner"


class SelfDeactivation(InvalidRequest):
    slug, title = "self-deactivation", "You cannot deactivate yourself"


class WrongPassword(NotAuthenticated):
    slug, title = "wrong-password", "The current password is wrong"
