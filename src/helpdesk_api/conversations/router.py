import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from helpdesk_api.auth.dependencies import CurrentSubject, StaffIdempotency
from helpdesk_api.conversations import attributes, reading, schemas
from helpdesk_api.conversations.bulk import bulk_service
from helpdesk_api.conversations.handling import handling_service
from helpdesk_api.conversations.service import conversation_service
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import JobsDep, PageDep, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.models import Channel, ConversationStatus

# Ids are typed in the paths (`:uuid`) so that /conversations/bulk is never read as an id:
# another method there is a 405, not a 422 about a malformed id.
router = APIRouter(
    prefix="/conversations", tags=["conversations"], responses=problem_responses(401, 404)
)
Id = Annotated[uuid.UUID, "conversation id"]


async def list_filters(
    status: Annotated[list[ConversationStatus] | None, Query()] = None,
    assignee: Annotated[str | None, Query(description="me, unassigned, bot or a user id")] = None,
    team_id: uuid.UUID | None = None,
    inbox_id: uuid.UUID | None = None,
    channel: Channel | None = None,
    label: Annotated[str | None, Query(description="A label's name or id.")] = None,
    rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    unanswered: bool | None = None,
    following: bool | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Contact name, e-mail, text")
    ] = None,
    sort: schemas.SortOrder = "last_activity",
) -> schemas.ConversationFilters:
    return schemas.ConversationFilters(
        status=status or [],
        assignee=assignee,
        team_id=team_id,
        inbox_id=inbox_id,
        channel=channel,
        label=label,
        rating=rating,
        unanswered=unanswered,
        following=following,
        q=q,
        sort=sort,
    )


Filters = Annotated[schemas.ConversationFilters, Depends(list_filters)]


@router.get("", responses=problem_responses(422))
async def list_conversations(
    filters: Filters, subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.Conversation]:
    """Conversations the caller may see. ``sort=stream`` groups them: mine, other staff,
    unassigned, bot, closed; ``sort=waiting`` lists those waiting for a reply, longest first."""
    items, cursor = await conversation_service.page(session, subject, filters, page)
    return Page(items=items, next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.Conversation,
    responses=problem_responses(422),
)
async def create_conversation(
    data: schemas.ConversationCreate, subject: CurrentSubject, idempotent: StaffIdempotency
) -> object:
    """Start a conversation with a customer (e.g. a new e-mail). Accepts ``Idempotency-Key``."""
    return await idempotent.respond(
        lambda: conversation_service.create_and_present(idempotent.session, subject, data)
    )


@router.get("/{conversation_id:uuid}")
async def get_conversation(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.Conversation:
    return await conversation_service.get(session, subject, conversation_id)


@router.patch("/{conversation_id:uuid}", responses=problem_responses(422))
async def update_conversation(
    conversation_id: Id,
    data: schemas.ConversationUpdate,
    subject: CurrentSubject,
    session: SessionDep,
    jobs: JobsDep,
) -> schemas.Conversation:
    """Change priority, subject or linked item, or snooze it (``snoozed_until``)."""
    await conversation_service.update(session, subject, conversation_id, data, jobs)
    return await conversation_service.get(session, subject, conversation_id)


@router.post("/{conversation_id:uuid}/status", responses=problem_responses(422))
async def change_conversation_status(
    conversation_id: Id,
    data: schemas.StatusChange,
    subject: CurrentSubject,
    session: SessionDep,
    jobs: JobsDep,
) -> schemas.Conversation:
    """open, snoozed (with ``snoozed_until``), closed or archived."""
    await conversation_service.change_status(session, subject, conversation_id, data, jobs)
    return await conversation_service.get(session, subject, conversation_id)


@router.post("/{conversation_id:uuid}/assign", responses=problem_responses(403, 409, 422))
async def assign_conversation(
    conversation_id: Id, data: schemas.AssignRequest, subject: CurrentSubject, session: SessionDep
) -> schemas.Conversation:
    """To a user (online, below capacity), a team's queue, back to the bot (``bot: true``),
    or nobody (an empty body). Admins may ``force`` past availability and capacity."""
    return await handling_service.assign(session, subject, conversation_id, data)


@router.post("/{conversation_id:uuid}/transfer", responses=problem_responses(409, 422))
async def transfer_conversation(
    conversation_id: Id,
    data: schemas.TransferRequest,
    subject: CurrentSubject,
    session: SessionDep,
) -> schemas.Conversation:
    """To a colleague (online, below capacity) or a team's queue, with a note shown in
    the conversation and its timeline."""
    return await handling_service.transfer(session, subject, conversation_id, data)


@router.post("/{conversation_id:uuid}/escalate", responses=problem_responses(409, 422))
async def escalate_conversation(
    conversation_id: Id,
    data: schemas.EscalateRequest,
    subject: CurrentSubject,
    session: SessionDep,
) -> schemas.Conversation:
    """Up to an admin or a team with a note; ``priority`` raises it."""
    return await handling_service.escalate(session, subject, conversation_id, data)


@router.post("/{conversation_id:uuid}/takeover", responses=problem_responses(403, 409))
async def take_over_conversation(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.Conversation:
    """The caller handles it from now on, from the bot or a colleague (within capacity)."""
    return await handling_service.take_over(session, subject, conversation_id)


@router.get("/{conversation_id:uuid}/routing")
async def explain_conversation_routing(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.RoutingExplanation:
    """Why it went to whom: each candidate's state, load and capacity, who was chosen
    and why — or why it waits, and at which place in the queue."""
    return await handling_service.explain(session, subject, conversation_id)


@router.put("/{conversation_id:uuid}/labels", responses=problem_responses(422))
async def set_conversation_labels(
    conversation_id: Id, data: schemas.LabelsSet, subject: CurrentSubject, session: SessionDep
) -> schemas.Conversation:
    """The conversation's labels become exactly these."""
    await conversation_service.set_labels(session, subject, conversation_id, data.label_ids)
    return await conversation_service.get(session, subject, conversation_id)


@router.get("/{conversation_id:uuid}/followers")
async def get_conversation_followers(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.Followers:
    return schemas.Followers(user_ids=await attributes.followers(session, subject, conversation_id))


@router.put("/{conversation_id:uuid}/followers", responses=problem_responses(422))
async def set_conversation_followers(
    conversation_id: Id, data: schemas.FollowersSet, subject: CurrentSubject, session: SessionDep
) -> schemas.Followers:
    """Followers are notified of the conversation (and agents see what they follow)."""
    ids = await attributes.set_followers(session, subject, conversation_id, data.user_ids)
    return schemas.Followers(user_ids=ids)


@router.get("/{conversation_id:uuid}/participants")
async def get_conversation_participants(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.Participants:
    rows = await attributes.participants(session, subject, conversation_id)
    return schemas.Participants(participants=[schemas.Participant.model_validate(p) for p in rows])


@router.put("/{conversation_id:uuid}/participants", responses=problem_responses(422))
async def set_conversation_participants(
    conversation_id: Id,
    data: schemas.ParticipantsSet,
    subject: CurrentSubject,
    session: SessionDep,
) -> schemas.Participants:
    """The cc recipients of the conversation's replies."""
    rows = await attributes.set_participants(session, subject, conversation_id, data.participants)
    return schemas.Participants(participants=[schemas.Participant.model_validate(p) for p in rows])


@router.post("/{conversation_id:uuid}/read", responses=problem_responses(403, 422))
async def mark_conversation_read(
    conversation_id: Id,
    subject: CurrentSubject,
    session: SessionDep,
    data: schemas.ReadMarker | None = None,
) -> schemas.ReadState:
    """Move the caller's read marker forward (to ``seq``, default the last message)."""
    return await reading.mark_read(session, subject, conversation_id, data.seq if data else None)


@router.post("/{conversation_id:uuid}/unread", responses=problem_responses(403))
async def mark_conversation_unread(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep
) -> schemas.ReadState:
    """Show the conversation as unread again for the caller."""
    return await reading.mark_unread(session, subject, conversation_id)


@router.get("/{conversation_id:uuid}/events")
async def list_conversation_events(
    conversation_id: Id, subject: CurrentSubject, session: SessionDep, page: PageDep
) -> Page[schemas.TimelineEvent]:
    """The conversation's timeline, oldest first."""
    rows, cursor = await conversation_service.timeline(session, subject, conversation_id, page)
    return Page(items=[schemas.TimelineEvent.model_validate(r) for r in rows], next_cursor=cursor)


@router.post("/bulk", responses=problem_responses(422))
async def bulk_update_conversations(
    data: schemas.BulkRequest, subject: CurrentSubject, session: SessionDep, jobs: JobsDep
) -> schemas.BulkResult:
    """Change the status, labels or handler (assign, transfer) of up to 100 conversations
    at once: all or none."""
    return await bulk_service.apply(session, subject, data, jobs)
