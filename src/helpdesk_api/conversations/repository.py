"""Conversation queries, starting from the one visibility scope of the permission matrix."""

import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select, update

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.schemas import ConversationFilters
from helpdesk_api.errors import FieldError, InvalidRequest
from helpdesk_api.kit.pagination import (
    PageParams,
    SortKey,
    after_cursor,
    cursor_values,
    order_by,
    page_of,
)
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import (
    Account,
    Contact,
    Conversation,
    ConversationFollower,
    ConversationLabel,
    ConversationRead,
    ConversationStatus,
    Label,
    Message,
    TeamMember,
)

MAX_QUERY_WORDS = 8
CLOSED = (ConversationStatus.closed.value, ConversationStatus.archived.value)


def visible_to(subject: Subject) -> ColumnElement[bool]:
    """Who sees a conversation: admins and API tokens all of the account's; an agent those
    of their teams, assigned to them, or that they follow."""
    in_account = Conversation.account_id == subject.account_id
    if policies.is_admin(subject) or subject.user is None:
        return in_account
    user_id = subject.user.id
    return in_account & or_(
        Conversation.assignee_id == user_id,
        Conversation.team_id.in_(select(TeamMember.team_id).where(TeamMember.user_id == user_id)),
        Conversation.id.in_(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == user_id
            )
        ),
    )


def visible_ids(subject: Subject) -> Select[uuid.UUID]:
    return select(Conversation.id).where(visible_to(subject))


def prefix_query(text: str) -> str | None:
    """A tsquery matching every word of ``text`` as a prefix; None when no word is left.

    Words split at anything but letters and digits, as contact e-mails are indexed split
    at '@' and '.', so "anna.k@sho" finds anna.k@shop.example.
    """
    words = re.findall(r"\w+", text.lower())
    return " & ".join(f"'{w}':*" for w in words[:MAX_QUERY_WORDS]) or None


def stream_bucket(subject: Subject) -> ColumnElement[int]:
    """mine (0) → other staff (1) → unassigned (2) → bot (3) → closed (4)."""
    whens: list[tuple[ColumnElement[bool], int]] = [(Conversation.status.in_(CLOSED), 4)]
    if subject.user_id is not None:
        whens.append((Conversation.assignee_id == subject.user_id, 0))
    whens += [(Conversation.assignee_id.is_not(None), 1), (Conversation.bot_active.is_(True), 3)]
    return case(*whens, else_=2)


def sort_keys(subject: Subject, sort: str) -> list[SortKey]:
    id_key = SortKey(Conversation.id, "id", descending=True, kind=uuid.UUID)
    if sort == "created":
        return [SortKey(Conversation.created_at, "created_at", True, datetime), id_key]
    if sort == "waiting":
        return [
            SortKey(Conversation.waiting_since, "waiting_since", False, datetime),
            SortKey(Conversation.id, "id", False, uuid.UUID),
        ]
    activity = SortKey(Conversation.last_activity_at, "last_activity_at", True, datetime)
    if sort == "stream":
        return [SortKey(stream_bucket(subject), "bucket", False, int), activity, id_key]
    return [activity, id_key]


def _filter(subject: Subject, filters: ConversationFilters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [visible_to(subject)]
    if filters.status:
        where.append(Conversation.status.in_([s.value for s in filters.status]))
    if filters.assignee is not None:
        where.append(_assignee(subject, filters.assignee))
    for column, value in (
        (Conversation.team_id, filters.team_id),
        (Conversation.inbox_id, filters.inbox_id),
        (Conversation.channel, filters.channel),
        (Conversation.rating, filters.rating),
    ):
        if value is not None:
            where.append(column == value)
    if filters.label:
        where.append(Conversation.id.in_(_labelled(subject, filters.label)))
    if filters.unanswered is not None:
        waiting = Conversation.waiting_since.is_not(None)
        where.append(waiting if filters.unanswered else ~waiting)
    if filters.following is not None:
        followed = Conversation.id.in_(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == subject.user_id
            )
        )
        where.append(followed if filters.following else ~followed)
    if filters.sort == "waiting":
        where.append(Conversation.waiting_since.is_not(None))
    if filters.q:
        where.append(_search(subject, filters.q))
    return where


def _assignee(subject: Subject, assignee: str) -> ColumnElement[bool]:
    if assignee == "me":
        return Conversation.assignee_id == subject.user_id
    if assignee == "unassigned":
        return Conversation.assignee_id.is_(None) & ~Conversation.bot_active
    if assignee == "bot":
        return Conversation.bot_active.is_(True)
    try:
        return Conversation.assignee_id == uuid.UUID(assignee)
    except ValueError:
        raise InvalidRequest(
            "assignee is 'me', 'unassigned', 'bot' or a user id.",
            errors=[FieldError(loc=["query", "assignee"], msg="invalid assignee", type="value")],
        ) from None


def _labelled(subject: Subject, label: str) -> Select[uuid.UUID]:
    try:
        match = Label.id == uuid.UUID(label)
    except ValueError:
        match = func.lower(Label.name) == label.lower()
    return (
        select(ConversationLabel.conversation_id)
        .join(Label, Label.id == ConversationLabel.label_id)
        .where(Label.account_id == subject.account_id, match)
    )


def _search(subject: Subject, q: str) -> ColumnElement[bool]:
    query = prefix_query(q)
    if query is None:
        return literal(False)
    tsquery = func.to_tsquery("simple", query)
    contacts = select(Contact.id).where(
        Contact.account_id == subject.account_id, Contact.search.bool_op("@@")(tsquery)
    )
    messages = select(Message.conversation_id).where(
        Message.account_id == subject.account_id, Message.search.bool_op("@@")(tsquery)
    )
    return or_(Conversation.contact_id.in_(contacts), Conversation.id.in_(messages))


def build_list_statement(
    subject: Subject, filters: ConversationFilters, params: PageParams
) -> Select[Any]:
    """The page query of ``GET /conversations``: one more row than the page holds."""
    keys = sort_keys(subject, filters.sort)
    columns: list[Any] = [Conversation]
    if filters.sort == "stream":
        columns.append(stream_bucket(subject).label("bucket"))
    statement = select(*columns).where(*_filter(subject, filters))
    after = cursor_values(params, keys)
    if after is not None:
        statement = statement.where(after_cursor(keys, after))
    return statement.order_by(*order_by(keys)).limit(params.limit + 1)


class ConversationRepository(Repository[Conversation]):
    model = Conversation
    not_found = "Conversation not found."

    def readable(self, subject: Subject) -> Select[Conversation]:
        return select(Conversation).where(visible_to(subject))

    async def page(
        self, subject: Subject, filters: ConversationFilters, params: PageParams
    ) -> tuple[list[Conversation], str | None]:
        rows = (await self.session.execute(build_list_statement(subject, filters, params))).all()
        keys = sort_keys(subject, filters.sort)
        page, cursor = page_of([_Row(r) for r in rows], keys, params.limit)
        return [r.conversation for r in page], cursor

    async def next_number(self, account_id: uuid.UUID) -> int:
        number = await self.session.scalar(
            update(Account)
            .where(Account.id == account_id)
            .values(conversation_counter=Account.conversation_counter + 1)
            .returning(Account.conversation_counter)
        )
        assert number is not None
        return int(number)

    async def contacts(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Contact]:
        rows = await self.session.scalars(select(Contact).where(Contact.id.in_(set(ids))))
        return {c.id: c for c in rows}

    async def labels(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Label]]:
        rows = await self.session.execute(
            select(ConversationLabel.conversation_id, Label)
            .join(Label, Label.id == ConversationLabel.label_id)
            .where(ConversationLabel.conversation_id.in_(ids))
            .order_by(func.lower(Label.name))
        )
        found: dict[uuid.UUID, list[Label]] = {i: [] for i in ids}
        for conversation_id, label in rows:
            found[conversation_id].append(label)
        return found

    async def read_seqs(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        rows = await self.session.execute(
            select(ConversationRead.conversation_id, ConversationRead.last_read_seq).where(
                ConversationRead.user_id == user_id, ConversationRead.conversation_id.in_(ids)
            )
        )
        return {conversation_id: int(seq) for conversation_id, seq in rows}

    async def followed(self, user_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        rows = await self.session.scalars(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == user_id,
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
