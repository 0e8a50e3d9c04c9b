import uuid

from sqlalchemy import Select, func, or_, select

from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import Account, CannedResponse, Contact, Conversation, Inbox


class CannedResponseRepository(Repository[CannedResponse]):
    model = CannedResponse
    not_found = "Canned response not found."

    def readable(self, subject: Subject) -> Select[CannedResponse]:
        """The account's shared responses and the caller's own personal ones; another
        user's personal responses do not exist for anyone else, admins included."""
        mine = (
            or_(CannedResponse.owner_id.is_(None), CannedResponse.owner_id == subject.user_id)
            if subject.user_id is not None
            else CannedResponse.owner_id.is_(None)
        )
        return super().readable(subject).where(mine)

    async def page(
        self, subject: Subject, params: PageParams, *, prefix: str | None
    ) -> tuple[list[CannedResponse], str | None]:
        statement = self.readable(subject)
        if prefix:
            statement = statement.where(
                func.lower(CannedResponse.shortcut).startswith(prefix.lower(), autoescape=True)
            )
        return await paginate(
            self.session, statement, [CannedResponse.shortcut, CannedResponse.id], params
        )

    async def shortcut_taken(
        self,
        account_id: uuid.UUID,
        owner_id: uuid.UUID | None,
        shortcut: str,
        *,
        but: uuid.UUID | None,
    ) -> bool:
        owner = (
            CannedResponse.owner_id.is_(None)
            if owner_id is None
            else CannedResponse.owner_id == owner_id
        )
        statement = select(CannedResponse.id).where(
            CannedResponse.account_id == account_id,
            owner,
            func.lower(CannedResponse.shortcut) == shortcut.lower(),
        )
        if but is not None:
            statement = statement.where(CannedResponse.id != but)
        return await self.session.scalar(statement) is not None

    async def surroundings(self, conversation: Conversation) -> tuple[Contact, Inbox, Account]:
        """The contact, inbox and account a conversation's template variables come from."""
        row = (
            await self.session.execute(
                select(Contact, Inbox, Account)
                .select_from(Conversation)
                .join(Contact, Contact.id == Conversation.contact_id)
                .join(Inbox, Inbox.id == Conversation.inbox_id)
                .join(Account, Account.id == Conversation.account_id)
                .where(Conversation.id == conversation.id)
            )
        ).one()
        return row[0], row[1], row[2]
