from helpdesk_api.errors import InvalidRequest, NotAuthenticated


class IdentityVerificationFailed(NotAuthenticated):
    """An identifier came without the HMAC the integrator's server computes for it."""

    slug, title = "identity-verification-failed", "Identity verification failed"


class ContactTokenInvalid(NotAuthenticated):
    """The widget should start a new session: the token is bad, expired, of a merged contact
    or of an inbox that no longer takes conversations."""

    slug, title = "invalid-contact-token", "Invalid contact token"


class NotClosed(InvalidRequest):
    slug, title = "not-closed", "The conversation is not closed"
