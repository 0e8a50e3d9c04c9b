import uuid

from sqlalchemy import func, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Label


class LabelRepository(Repository[Label]):
    model = Label
    not_found = "Label not found."

    async def page(self, subject: Subject, params: PageParams) -> tuple[list[Label], str | None]:
        return await paginate(self.session, self.readable(subject), [Label.name, Label.id], params)

    async def name_taken(self, account_id: uuid.UUID, name: str, *, but: uuid.UUID | None) -> bool:
        statement = select(Label.id).where(
            Label.account_id == account_id, func.lower(Label.name) == name.lower()
        )
        if but is not None:
            statement = statement.where(Label.id != but)
        return await self.session.scalar(statement) is not None
