"""The account's label catalogue. Names are unique per account, ignoring case.

Deleting a label takes it off every conversation (the conversation_label rows cascade).
"""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.auth import policies
from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams
from helpdesk_api.kit.repository import flush_unique
from helpdesk_api.labels.exceptions import LabelNameTaken
from helpdesk_api.labels.repository import LabelRepository
from helpdesk_api.labels.schemas import LabelCreate, LabelUpdate
from helpdesk_api.models import Label

UNIQUE_NAME = "uq_label_account_name"


def _name_taken(name: str) -> LabelNameTaken:
    return LabelNameTaken(f"A label named {name!r} already exists.")


class LabelService:
    async def page(
        self, session: AsyncSession, subject: Subject, params: PageParams
    ) -> tuple[list[Label], str | None]:
        return await LabelRepository(session).page(subject, params)

    async def get(self, session: AsyncSession, subject: Subject, label_id: uuid.UUID) -> Label:
        return await LabelRepository(session).get(subject, label_id)

    async def create(self, session: AsyncSession, subject: Subject, data: LabelCreate) -> Label:
        policies.require_admin(subject)
        await self._check_name(session, subject, data.name, but=None)
        label = Label(
            account_id=subject.account_id,
            name=data.name,
            color=data.color,
            description=data.description,
        )
        session.add(label)
        await flush_unique(session, UNIQUE_NAME, _name_taken(data.name))
        await session.refresh(label)
        return label

    async def update(
        self, session: AsyncSession, subject: Subject, label_id: uuid.UUID, data: LabelUpdate
    ) -> Label:
        policies.require_admin(subject)
        label = await LabelRepository(session).get(subject, label_id, for_update=True)
        if data.name is not None:
            await self._check_name(session, subject, data.name, but=label.id)
            label.name = data.name
        if data.color is not None:
            label.color = data.color
        if data.description is not None:
            label.description = data.description
        await flush_unique(session, UNIQUE_NAME, _name_taken(label.name))
        await session.refresh(label)
        return label

    async def delete(self, session: AsyncSession, subject: Subject, label_id: uuid.UUID) -> None:
        policies.require_admin(subject)
        label = await LabelRepository(session).get(subject, label_id, for_update=True)
        await session.delete(label)
        await session.flush()

    async def _check_name(
        self, session: AsyncSession, subject: Subject, name: str, *, but: uuid.UUID | None
    ) -> None:
        if await LabelRepository(session).name_taken(subject.account_id, name, but=but):
            raise _name_taken(name)


label_service = LabelService()
