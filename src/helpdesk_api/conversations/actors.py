"""Who did something to a conversation, as recorded in its timeline."""

import uuid
from dataclasses import dataclass
from typing import Literal

from helpdesk_api.auth.subject import Subject

ActorType = Literal["user", "api", "contact", "bot", "system"]


@dataclass(frozen=True)
class Actor:
    type: ActorType
    user_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None

    @classmethod
    def of(cls, subject: Subject) -> "Actor":
        if subject.user is not None:
            return cls("user", user_id=subject.user.id)
        return cls("api")

    @classmethod
    def contact(cls, contact_id: uuid.UUID) -> "Actor":
        return cls("contact", contact_id=contact_id)


SYSTEM = Actor("system")
