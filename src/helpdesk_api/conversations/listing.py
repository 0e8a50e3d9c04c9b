"""The query behind ``GET /conversations``, shaped so every filter and sort walks an index.

Two shapes:
- one filter set: ``WHERE … ORDER BY <sort keys> LIMIT n`` on the matching index;
- alternatives (the ``q`` search: matching contact OR matching message text) and the
  ``stream`` buckets: one such ordered, limited query per branch, ``UNION``-ed on
  ``(id, sort keys)``, then ordered and cut once more. An ``OR`` or a ``CASE`` sort key
  would make PostgreSQL scan and sort every visible conversation instead.

Search terms are prefix-matched with the 'simple' text-search configuration. How many
contacts and messages match is looked up first (:func:`plan_search`): a few hundred
matches become an id list driven by primary keys; more than that, a walk down the sort
index that stops after one page.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    exists,
    false,
    func,
    literal,
    select,
    true,
    union,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations.schemas import ConversationFilters
from helpdesk_api.conversations.scope import visible_to
from helpdesk_api.errors import FieldError, InvalidRequest
from helpdesk_api.kit.pagination import PageParams, SortKey, after_cursor, cursor_values, order_by
from helpdesk_api.models import (
    Contact,
    Conversation,
    ConversationFollower,
    ConversationLabel,
    ConversationStatus,
    Label,
    Message,
)

MAX_QUERY_WORDS = 8
#: Up to this many matches, search drives from the matching ids.
ID_LIST_LIMIT = 1000
#: Message text is searched for words of at least this length ("c" would match half of it).
MIN_MESSAGE_WORD = 2
CLOSED = (ConversationStatus.closed.value, ConversationStatus.archived.value)


def prefix_query(text: str, min_length: int = 1) -> str | None:
    """A tsquery matching every word of ``text`` as a prefix; None when no word is left.

    Words split at anything but letters and digits, as contact e-mails are indexed split
    at '@' and '.', so "anna.k@sho" finds anna.k@shop.example.
    """
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) >= min_length]
    return " & ".join(f"'{w}':*" for w in words[:MAX_QUERY_WORDS]) or None


@dataclass(frozen=True)
class SearchPlan:
    """Ids matching ``q``, or None where they are too many to list."""

    contact_ids: list[uuid.UUID] | None
    conversation_ids: list[uuid.UUID] | None


def _matches(column: Any, query: str) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column.bool_op("@@")(func.to_tsquery("simple", query))
    return result


async def plan_search(session: AsyncSession, subject: Subject, q: str) -> SearchPlan:
    async def listed(statement: Select[Any]) -> list[uuid.UUID] | None:
        # Count rows, not distinct ids: a cut-off list would silently drop matches.
        rows = (await session.scalars(statement.limit(ID_LIST_LIMIT + 1))).all()
        return list(dict.fromkeys(rows)) if len(rows) <= ID_LIST_LIMIT else None

    contact_query, message_query = prefix_query(q), prefix_query(q, MIN_MESSAGE_WORD)
    contacts = messages = None
    if contact_query:
        contacts = await listed(
            select(Contact.id).where(
                Contact.account_id == subject.account_id, _matches(Contact.search, contact_query)
            )
        )
    if message_query:
        messages = await listed(
            select(Message.conversation_id).where(
                Message.account_id == subject.account_id, _matches(Message.search, message_query)
            )
        )
    return SearchPlan(contacts if contact_query else [], messages if message_query else [])


Alternative = ColumnElement[bool] | list[uuid.UUID]


def _search_alternatives(subject: Subject, q: str, plan: SearchPlan | None) -> list[Alternative]:
    """Each alternative finds conversations matching ``q`` one way: a condition, or the
    ids of the few conversations that match. [false()] when none can match."""
    contact_query, message_query = prefix_query(q), prefix_query(q, MIN_MESSAGE_WORD)
    found: list[Alternative] = []
    if contact_query:
        if plan is not None and plan.contact_ids is not None:
            if plan.contact_ids:
                found.append(Conversation.contact_id.in_(plan.contact_ids))
        else:
            found.append(
                Conversation.contact_id.in_(
                    select(Contact.id).where(
                        Contact.account_id == subject.account_id,
                        _matches(Contact.search, contact_query),
                    )
                )
            )
    if message_query:
        if plan is not None and plan.conversation_ids is not None:
            if plan.conversation_ids:
                found.append(plan.conversation_ids)
        else:
            found.append(
                exists().where(
                    Message.conversation_id == Conversation.id,
                    _matches(Message.search, message_query),
                )
            )
    return found or [false()]


#: The conversation table, or an alias of it over a narrowed row set (see ``_source``).
Source = type[Conversation]


def stream_bucket(subject: Subject, source: Source = Conversation) -> ColumnElement[int]:
    """mine (0) → other staff (1) → unassigned (2) → bot (3) → closed (4)."""
    whens = ((condition, bucket) for bucket, condition in _buckets(subject, source))
    return case(*whens, else_=2)


def _buckets(subject: Subject, c: Source = Conversation) -> list[tuple[int, ColumnElement[bool]]]:
    closed = c.status.in_(CLOSED)
    live = c.status.not_in(CLOSED)
    unassigned = c.assignee_id.is_(None)
    others: ColumnElement[bool] = c.assignee_id.is_not(None)
    buckets = []
    if subject.user_id is not None:
        buckets.append((0, live & (c.assignee_id == subject.user_id)))
        others = others & (c.assignee_id != subject.user_id)
    return [
        *buckets,
        (1, live & others),
        (2, live & unassigned & c.bot_active.is_(False)),
        (3, live & unassigned & c.bot_active.is_(True)),
        (4, closed),
    ]


def sort_keys(subject: Subject, sort: str, c: Source = Conversation) -> list[SortKey]:
    id_key = SortKey(c.id, "id", descending=True, kind=uuid.UUID)
    if sort == "created":
        return [SortKey(c.created_at, "created_at", True, datetime), id_key]
    if sort == "waiting":
        return [
            SortKey(c.waiting_since, "waiting_since", False, datetime),
            SortKey(c.id, "id", False, uuid.UUID),
        ]
    activity = SortKey(c.last_activity_at, "last_activity_at", True, datetime)
    if sort == "stream":
        return [SortKey(stream_bucket(subject, c), "bucket", False, int), activity, id_key]
    return [activity, id_key]


def _filter(subject: Subject, filters: ConversationFilters) -> list[ColumnElement[bool]]:
    # What one follows one may see: the account is scope enough, and it spares the OR.
    if filters.following and subject.user_id is not None:
        where: list[ColumnElement[bool]] = [Conversation.account_id == subject.account_id]
    else:
        where = [visible_to(subject)]
    if filters.following is not None:
        followed = Conversation.id.in_(
            select(ConversationFollower.conversation_id).where(
                ConversationFollower.user_id == subject.user_id
            )
        )
        where.append(followed if filters.following else ~followed)
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
    if filters.sort == "waiting":
        where.append(Conversation.waiting_since.is_not(None))
    return where


def _assignee(subject: Subject, assignee: str) -> ColumnElement[bool]:
    if assignee == "me":
        return Conversation.assignee_id == subject.user_id
    if assignee == "unassigned":
        return Conversation.assignee_id.is_(None) & Conversation.bot_active.is_(False)
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


def build_list_statement(
    subject: Subject,
    filters: ConversationFilters,
    params: PageParams,
    search: SearchPlan | None = None,
) -> Select[Any]:
    """The page query: one more row than the page holds, as ``(Conversation, …)`` rows
    (with a ``bucket`` column for ``stream``)."""
    keys = sort_keys(subject, filters.sort)
    after = cursor_values(params, keys)
    where = _filter(subject, filters)
    limit = params.limit + 1
    alternatives = _search_alternatives(subject, filters.q, search) if filters.q else [true()]
    if filters.sort != "stream" and len(alternatives) == 1:
        source, source_where = _source(alternatives[0], where)
        own_keys = sort_keys(subject, filters.sort, source)
        statement: Select[Any] = select(source).where(*source_where)
        if after is not None:
            statement = statement.where(after_cursor(own_keys, after))
        return statement.order_by(*order_by(own_keys)).limit(limit)
    branches = []
    for alternative in alternatives:
        source, source_where = _source(alternative, where)
        branches += _branches(subject, filters, after, source, source_where, limit)
    ranked = union(*branches).subquery()
    outer = [SortKey(ranked.c[k.attribute], k.attribute, k.descending, k.kind) for k in keys]
    columns: list[Any] = [Conversation]
    if filters.sort == "stream":
        columns.append(ranked.c.bucket)
    return (
        select(*columns)
        .join(ranked, ranked.c.id == Conversation.id)
        .order_by(*order_by(outer))
        .limit(limit)
    )


def _source(
    alternative: Alternative, where: list[ColumnElement[bool]]
) -> tuple[Source, list[ColumnElement[bool]]]:
    """Where a branch reads from. A few matching ids are fetched by primary key into a
    materialized set that is then sorted: walking the sort index instead would pass over
    every conversation newer than the matches."""
    if not isinstance(alternative, list):
        return Conversation, [*where, alternative]
    matched = (
        select(Conversation)
        .where(*where, Conversation.id.in_(alternative))
        .cte("matched")
        .prefix_with("MATERIALIZED")
    )
    return cast(Source, aliased(Conversation, matched)), []


def _branches(
    subject: Subject,
    filters: ConversationFilters,
    after: list[Any] | None,
    source: Source,
    where: list[ColumnElement[bool]],
    limit: int,
) -> list[Select[Any]]:
    """One ordered, limited query per bucket (or just one when not streaming)."""
    keys = sort_keys(subject, filters.sort, source)
    if filters.sort != "stream":
        page_where = [*where, after_cursor(keys, after)] if after is not None else where
        columns = [k.expression.label(k.attribute) for k in keys]
        return [select(*columns).where(*page_where).order_by(*order_by(keys)).limit(limit)]
    within = keys[1:]
    branches = []
    for bucket, condition in _buckets(subject, source):
        if after is not None and bucket < after[0]:
            continue
        page_where = [*where, condition]
        if after is not None and bucket == after[0]:
            page_where.append(after_cursor(within, after[1:]))
        columns = [literal(bucket).label("bucket")] + [
            k.expression.label(k.attribute) for k in within
        ]
        branches.append(
            select(*columns).where(*page_where).order_by(*order_by(within)).limit(limit)
        )
    return branches
