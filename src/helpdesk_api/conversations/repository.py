"""Conversation queries, starting from the one visibility scope of the permission matrix."""

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.listing import build_list_statement, plan_search, sort_keys
from helpdesk_api.conversations.schemas import ConversationFilters
from helpdesk_api.conversations.scope import visible_ids, visible_to
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

__all__ = ["ConversationRepository", "build_list_statement", "visible_ids", "visible_to"]


#: id, name, email, identifier
ContactBriefRow = Row[uuid.UUID, str | None, str | None, str | None]
#: conversation_id, id, name, color
LabelBriefRow = Row[uuid.UUID, uuid.UUID, str, str]


class ConversationRepository(Repository[Conversation]):
    model = Conversation
    not_found = "Conversation not found."

    def readable(self, subject: Subject) -> Select[Conversation]:
        return select(Conversation).where(visible_to(subject))

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

    async def contacts(
        self, subject: Subject, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, ContactBriefRow]:
        """The contacts' brief columns (rows, not entities: a page has dozens)."""
        rows = await self.session.execute(
            select(Contact.id, Contact.name, Contact.email, Contact.identifier).where(
                Contact.account_id == subject.account_id, Contact.id.in_(set(ids))
            )
        )
        return {c.id: c for c in rows}

    async def labels(
        self, subject: Subject, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, list[LabelBriefRow]]:
        """Each conversation's labels by name, as brief rows."""
        rows = await self.session.execute(
            select(ConversationLabel.conversation_id, Label.id, Label.name, Label.color)
            .join(Label, Label.id == ConversationLabel.label_id)
            .where(
                Label.account_id == subject.account_id,
                ConversationLabel.conversation_id.in_(ids),
            )
            .order_by(func.lower(Label.name))
        )
        found: dict[uuid.UUID, list[LabelBriefRow]] = {i: [] for i in ids}
        for row in rows:
            found[row.conversation_id].append(row)
        return found

    async def read_seqs(self, subject: Subject, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The subject's own read markers (an API token has none)."""
        rows = await self.session.execute(
            select(ConversationRead.conversation_id, ConversationRead.last_read_seq).where(
                ConversationRead.user_id == subject.user_id,
                ConversationRead.conversation_id.in_(ids),
            )
        )
        return {conversation_id: int(seq) for conversation_id, seq in rows}

    async def followed(self, subject: Subject, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Of ``ids``, those the subject follows (an API token follows none)."""
        rows = await self.session.scalars(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == subject.user_id,
                ConversationFollower.conversation_id.in_(ids),
            )
        )
        return set(rows)


class _Row:
    """A result row seen through the attribute names of its sort keys."""

    def __init__(self, row: Any) -> None:
        self.conversation: Conversation = row[0]
        self.bucket = row[1] if len(row) > 1 else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conversation, name)
