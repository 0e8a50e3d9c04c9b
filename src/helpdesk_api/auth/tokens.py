"""Token formats.

Access tokens are short-lived HS256 JWTs naming the user; refresh and API tokens are
opaque random strings of which only the SHA-256 is stored.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

import jwt

from helpdesk_api.kit.clock import utcnow

ALGORITHM = "HS256"
API_TOKEN_PREFIX = "hdk_"


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    account_id: uuid.UUID


def create_access_token(
    key: str, user_id: uuid.UUID, account_id: uuid.UUID, ttl_seconds: int
) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "acc": str(account_id),
        "typ": "access",
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def decode_access_token(key: str, token: str) -> AccessClaims | None:
    """The claims of a valid, unexpired access token, or None."""
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp"]})
        if claims.get("typ") != "access":
            return None
        return AccessClaims(uuid.UUID(claims["sub"]), uuid.UUID(claims["acc"]))
    except (jwt.InvalidTokenError, KeyError, ValueError):
        return None


def new_opaque_token(prefix: str = "") -> tuple[str, bytes]:
    """A fresh secret and the hash to store for it."""
    plain = prefix + secrets.token_urlsafe(32)
    return plain, hash_token(plain)


def hash_token(plain: str) -> bytes:
    return hashlib.sha256(plain.encode()).digest()
