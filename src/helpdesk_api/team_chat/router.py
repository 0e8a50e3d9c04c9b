import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from helpdesk_api.auth.dependencies import CurrentSubject, StaffIdempotency
from helpdesk_api.errors import problem_responses
from helpdesk_api.kit.dependencies import PageDep, SeqOrder, SessionDep
from helpdesk_api.kit.pagination import Page
from helpdesk_api.team_chat import schemas
from helpdesk_api.team_chat.messages import team_chat_message_service
from helpdesk_api.team_chat.service import team_chat_service

router = APIRouter(prefix="/team-chat", tags=["team-chat"], responses=problem_responses(401, 403))


@router.get("/channels")
async def list_channels(
    subject: CurrentSubject, session: SessionDep, page: PageDep
) -> schemas.TeamChatChannelPage:
    """The caller's channels, most recently active first, each with its members, the
    caller's unread count and the last message; and the unread count of them all.

    Team chat is for people: an API token is refused (403)."""
    return await team_chat_service.page(session, subject, page)


@router.post(
    "/channels",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "description": "The direct channel existed already.",
            "model": schemas.TeamChatChannel,
        },
        **problem_responses(422),
    },
)
async def create_channel(
    data: schemas.TeamChatChannelCreate,
    subject: CurrentSubject,
    session: SessionDep,
    response: Response,
) -> schemas.TeamChatChannel:
    """`{"kind": "direct", "user_id"}` opens the 1:1 channel with a colleague (anyone):
    201 when new, 200 with the same channel when it exists, however many ask at once.
    `{"kind": "group", "name", "member_ids"}` creates a group (owner or admin)."""
    channel, created = await team_chat_service.create(session, subject, data)
    if not created:
        response.status_code = status.HTTP_200_OK
    return channel


@router.get("/channels/{channel_id}", responses=problem_responses(404))
async def get_channel(
    channel_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.TeamChatChannel:
    """A channel the caller is a member of; anyone else gets 404."""
    return await team_chat_service.get(session, subject, channel_id)


@router.get("/channels/{channel_id}/messages", responses=problem_responses(404))
async def list_channel_messages(
    channel_id: uuid.UUID,
    subject: CurrentSubject,
    session: SessionDep,
    page: PageDep,
    order: SeqOrder = "desc",
    before: Annotated[
        int | None, Query(ge=1, le=schemas.MAX_SEQ, description="Only messages with a lower seq.")
    ] = None,
    after: Annotated[
        int | None, Query(ge=0, le=schemas.MAX_SEQ, description="Only messages with a higher seq.")
    ] = None,
) -> Page[schemas.TeamChatMessage]:
    """Messages of a channel the caller is in, newest first by default. Scroll back with
    `before` (the oldest seq shown) or catch up with `after` (the newest seen) and
    `order=asc`; `next_cursor` continues in the same direction."""
    items, cursor = await team_chat_message_service.page(
        session,
        subject,
        channel_id,
        page,
        before=before,
        after=after,
        newest_first=order == "desc",
    )
    return Page(items=items, next_cursor=cursor)


@router.post(
    "/channels/{channel_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=schemas.TeamChatMessage,
    responses=problem_responses(404, 422),
)
async def create_channel_message(
    channel_id: uuid.UUID,
    data: schemas.TeamChatMessageCreate,
    subject: CurrentSubject,
    idempotent: StaffIdempotency,
) -> object:
    """Post in a channel the caller is in; each mentioned member is notified.
    Accepts `Idempotency-Key`."""
    return await idempotent.respond(
        lambda: team_chat_message_service.post(idempotent.session, subject, channel_id, data)
    )


@router.post("/channels/{channel_id}/read", responses=problem_responses(404))
async def mark_channel_read(
    channel_id: uuid.UUID, data: schemas.TeamChatRead, subject: CurrentSubject, session: SessionDep
) -> schemas.TeamChatReadState:
    """Move the caller's read marker to `seq` (default: the last message). It never moves
    back: an older `seq` leaves it where it is."""
    return await team_chat_message_service.mark_read(session, subject, channel_id, data.seq)


@router.post(
    "/channels/{channel_id}/leave",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409),
)
async def leave_channel(
    channel_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> None:
    """Leave a group. The all-staff channel and direct channels are not left (409)."""
    await team_chat_service.leave(session, subject, channel_id)


@router.put("/channels/{channel_id}/members/{user_id}", responses=problem_responses(404, 409, 422))
async def add_channel_member(
    channel_id: uuid.UUID, user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> schemas.TeamChatChannel:
    """Add an active user to a group the caller is in (owner or admin). Only groups change
    members (409 otherwise); adding a member again changes nothing."""
    return await team_chat_service.add_member(session, subject, channel_id, user_id)


@router.delete(
    "/channels/{channel_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 409),
)
async def remove_channel_member(
    channel_id: uuid.UUID, user_id: uuid.UUID, subject: CurrentSubject, session: SessionDep
) -> None:
    """Take a user out of a group the caller is in (owner or admin); 204 as well when they
    were not in it."""
    await team_chat_service.remove_member(session, subject, channel_id, user_id)
