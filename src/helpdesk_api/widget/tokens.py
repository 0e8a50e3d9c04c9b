"""Contact tokens: what a widget session hands the visitor's browser.

An HS256 JWT signed with the same key as staff access tokens but of another ``typ``
(``contact``), naming the contact, its account and the inbox the session was opened in.
Each decoder checks ``typ``, so a staff token is never a contact token and a contact
token never opens the staff API.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from helpdesk_api.auth.tokens import ALGORITHM
from helpdesk_api.kit.clock import utcnow

TOKEN_TYPE = "contact"


@dataclass(frozen=True)
class ContactClaims:
    contact_id: uuid.UUID
    account_id: uuid.UUID
    inbox_id: uuid.UUID


def create_contact_token(key: str, claims: ContactClaims, ttl: timedelta) -> tuple[str, datetime]:
    """The signed token and the moment it expires (whole seconds, as ``exp`` holds it)."""
    now = utcnow().replace(microsecond=0)
    expires_at = now + ttl
    payload = {
        "typ": TOKEN_TYPE,
        "sub": str(claims.contact_id),
        "acc": str(claims.account_id),
        "inb": str(claims.inbox_id),
        "iat": now,
        "exp": expires_at,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM), expires_at


def decode_contact_token(key: str, token: str) -> ContactClaims | None:
    """The claims of a valid, unexpired contact token, or None."""
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp"]})
        if payload.get("typ") != TOKEN_TYPE:
            return None
        return ContactClaims(
            uuid.UUID(payload["sub"]), uuid.UUID(payload["acc"]), uuid.UUID(payload["inb"])
        )
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError, AttributeError):
        return None
