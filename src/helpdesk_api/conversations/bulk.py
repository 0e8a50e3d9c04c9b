"""Acting on many conversations at once: all of them change, or none."""

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth.subject import Subject
from helpdesk_api.conversations import attributes, schemas, status
from helpdesk_api.conversations.actors import Actor
from helpdesk_api.conversations.handling import handling_service
from helpdesk_api.conversations.repository import ConversationRepository
from helpdesk_api.errors import NotFound
from helpdesk_api.kit.jobs import JobQueue
from helpdesk_api.models import Conversation, ConversationStatus


class BulkService:
    async def apply(
        self, session: AsyncSession, subject: Subject, data: schemas.BulkRequest, jobs: JobQueue
    ) -> schemas.BulkResult:
        """Every conversation must be visible to the caller (else 404 and nothing changes);
        rows are locked in id order so concurrent bulk calls cannot deadlock."""
        wanted = sorted(set(data.conversation_ids))
        rows = (
            await session.scalars(
                ConversationRepository(session)
                .readable(subject)
                .where(Conversation.id.in_(wanted))
                .order_by(Conversation.id)
                .with_for_update()
            )
        ).all()
        if len(rows) != len(wanted):
            missing = sorted(set(map(str, wanted)) - {str(r.id) for r in rows})
            raise NotFound("Conversations not found: " + ", ".join(missing))
        if data.action in ("assign", "transfer"):
            await handling_service.check_assignment(session, subject, data)
        updated = 0
        for conversation in rows:
            updated += await self._one(session, subject, conversation, data, jobs)
        return schemas.BulkResult(updated=updated)

    async def _one(
        self,
        session: AsyncSession,
        subject: Subject,
        conversation: Conversation,
        data: schemas.BulkRequest,
        jobs: JobQueue,
    ) -> int:
        if data.action == "status":
            assert data.status is not None
            changed = await status.change(
                session,
                conversation,
                ConversationStatus(data.status),
                Actor.of(subject),
                snoozed_until=data.snoozed_until,
                jobs=jobs,
            )
            return int(changed)
        if data.action in ("assign", "transfer"):
            if data.user_id is not None and data.user_id == conversation.assignee_id:
                return 0  # already theirs
            # Through the one path, one after another: a refusal (capacity, availability
            # …) fails the whole request, and what came before is rolled back with it.
            await handling_service.assign_locked(
                session, subject, conversation, data, transfer=data.action == "transfer"
            )
            return 1
        mode = "add" if data.action == "add_labels" else "remove"
        await attributes.set_labels(session, subject, conversation, data.label_ids, mode=mode)
        return 1


bulk_service = BulkService()
