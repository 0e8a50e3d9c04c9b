import uuid

from sqlalchemy import bindparam, func, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, order_by, page_of, paginate, sort_keys
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Label

_ORDER = (Label.name, Label.id)
_SORT = sort_keys(_ORDER)
_FIRST_PAGE = (
    select(Label)
    .where(Label.account_id == bindparam("account_id"))
    .order_by(*order_by(_SORT))
    .limit(bindparam("limit"))
)


class LabelRepository(Repository[Label]):
    model = Label
    not_found = "Label not found."

    async def page(self, subject: Subject, params: PageParams) -> tuple[list[Label], str | None]:
        if params.cursor is None:  # the common case, on a statement built once
            parameters = {"account_id": subject.account_id, "limit": params.limit + 1}
            rows = (await self.session.scalars(_FIRST_PAGE, parameters)).all()
            return page_of(rows, _SORT, params.limit)
        return await paginate(self.session, self.readable(subject), _ORDER, params)

    async def name_taken(self, account_id: uuid.UUID, name: str, *, but: uuid.UUID | None) -> bool:
        statement = select(Label.id).where(
            Label.account_id == account_id, func.lower(Label.name) == name.lower()
        )
        if but is not None:
            statement = statement.where(Label.id != but)
        return await self.session.scalar(statement) is not None
