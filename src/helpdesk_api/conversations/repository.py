"""Conversation queries, starting from the one visibility scope of the permission matrix."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    Row,
    Select,
    Uuid,
    bindparam,
    exists,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.dialects.postgresql import insert as pg_insert

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.listing import build_list_statement, plan_search, sort_keys
from helpdesk_api.conversations.schemas import ConversationFilters
from helpdesk_api.conversations.scope import sees_all, visibility, visible_ids, visible_to
from helpdesk_api.errors import NotFound
from helpdesk_api.kit.pagination import PageParams, page_of
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import (
    Contact,
    Conversation,
    ConversationCounter,
    ConversationFollower,
    ConversationLabel,
    ConversationRead,
    Label,
)
from helpdesk_api.routing import queue

__all__ = ["ConversationRepository", "build_list_statement", "visible_ids", "visible_to"]


#: id, contact_id, contact_name, contact_email, contact_identifier, labels (a list of
#: {id, name, color}), last_read_seq (None: never read), following, queue_position
SurroundingsRow = Row[
    uuid.UUID, uuid.UUID, str | None, str | None, str | None, Any, int | None, bool, int | None
]


def _surroundings(of_user: bool) -> Select[Any]:
    """Built once: a statement SQLAlchemy needs not rebuild nor key again per request."""
    account_id = bindparam("account_id", type_=Uuid)
    user_id = bindparam("user_id", type_=Uuid)
    labels = (
        select(
            func.coalesce(
                func.json_agg(
                    aggregate_order_by(
                        func.json_build_object(
                            "id", Label.id, "name", Label.name, "color", Label.color
                        ),
                        func.lower(Label.name),
                    ),
                    type_=JSON,
                ),
                literal([], JSON),
            )
        )
        .join_from(ConversationLabel, Label, Label.id == ConversationLabel.label_id)
        .where(ConversationLabel.conversation_id == Conversation.id, Label.account_id == account_id)
        .scalar_subquery()
    )
    read_seq = (
        select(ConversationRead.last_read_seq)
        .where(
            ConversationRead.conversation_id == Conversation.id,
            ConversationRead.user_id == user_id,
        )
        .scalar_subquery()
    )
    following = exists().where(
        ConversationFollower.conversation_id == Conversation.id,
        ConversationFollower.user_id == user_id,
    )
    return (
        select(
            Conversation.id,
            Contact.id.label("contact_id"),
            Contact.name.label("contact_name"),
            Contact.email.label("contact_email"),
            Contact.identifier.label("contact_identifier"),
            labels.label("labels"),
            (read_seq if of_user else literal(None, Integer)).label("last_read_seq"),
            (following if of_user else false()).label("following"),
            queue.position_of().label("queue_position"),
        )
        .join_from(Conversation, Contact, Contact.id == Conversation.contact_id)
        .where(
            Conversation.account_id == account_id,
            Contact.account_id == account_id,
            Conversation.id.in_(bindparam("ids", expanding=True)),
        )
    )


_SURROUNDINGS, _SURROUNDINGS_OF_USER = _surroundings(False), _surroundings(True)


def _get(sees_all: bool, for_update: bool) -> Select[Conversation]:
    agent_id = None if sees_all else bindparam("agent_id", type_=Uuid)
    statement = select(Conversation).where(
        visibility(bindparam("account_id", type_=Uuid), agent_id),
        Conversation.id == bindparam("id", type_=Uuid),
    )
    return statement.with_for_update() if for_update else statement


#: ``get`` by (sees all of the account, for update), built once.
_GET = {
    (everything, lock): _get(everything, lock)
    for everything in (True, False)
    for lock in (True, False)
}


class ConversationRepository(Repository[Conversation]):
    model = Conversation
    not_found = "Conversation not found."

    def readable(self, subject: Subject) -> Select[Conversation]:
        return select(Conversation).where(visible_to(subject))

    async def get(
        self, subject: Subject, id: uuid.UUID, *, for_update: bool = False
    ) -> Conversation:
        """The conversation if ``subject`` may see it, else NotFound (as ``readable``)."""
        everything = sees_all(subject)
        statement = _GET[everything, for_update]
        parameters = {
            "account_id": subject.account_id,
            "agent_id": None if everything else subject.user_id,
            "id": id,
        }
        row = await self.session.scalar(statement, parameters)
        if row is None:
            raise NotFound(self.not_found)
        return row

    async def page(
        self, subject: Subject, filters: ConversationFilters, params: PageParams
    ) -> tuple[list[Conversation], str | None]:
        search = await plan_search(self.session, subject, filters.q) if filters.q else None
        statement = build_list_statement(subject, filters, params, search)
        rows = (await self.session.execute(statement)).all()
        keys = sort_keys(subject, filters.sort)
        page, cursor = page_of([_Row(r) for r in rows], keys, params.limit)
        return [r.conversation for r in page], cursor

    async def next_number(self, account_id: uuid.UUID) -> int:
        """The account's next conversation number; the counter row stays locked until
        commit, so numbers are handed out once and in order."""
        statement = pg_insert(ConversationCounter).values(account_id=account_id, last_number=1)
        number = await self.session.scalar(
            statement.on_conflict_do_update(
                index_elements=[ConversationCounter.account_id],
                set_={"last_number": ConversationCounter.last_number + 1},
            ).returning(ConversationCounter.last_number)
        )
        assert number is not None
        return int(number)

    async def surroundings(
        self, subject: Subject, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, SurroundingsRow]:
        """What completes each conversation's read model for ``subject``, in one query:
        its contact, its labels by name, the subject's read marker and follow. Rows of
        another account are not found."""
        statement = _SURROUNDINGS_OF_USER if subject.user_id else _SURROUNDINGS
        parameters = {"account_id": subject.account_id, "user_id": subject.user_id, "ids": ids}
        return {row.id: row for row in await self.session.execute(statement, parameters)}

    async def read_seqs(self, subject: Subject, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The subject's own read markers (an API token has none)."""
        rows = await self.session.execute(
            select(ConversationRead.conversation_id, ConversationRead.last_read_seq).where(
                ConversationRead.user_id == subject.user_id,
                ConversationRead.conversation_id.in_(ids),
            )
        )
        return {conversation_id: int(seq) for conversation_id, seq in rows}


class _Row:
    """A result row seen through the attribute names of its sort keys."""

    def __init__(self, row: Any) -> None:
        self.conversation: Conversation = row[0]
        self.bucket = row[1] if len(row) > 1 else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conversation, name)
