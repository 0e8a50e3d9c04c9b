from helpdesk_api.auth.subject import Subject
from helpdesk_api.kit.pagination import PageParams, paginate
from helpdesk_api.kit.repository import Repository
from helpdesk_api.models import ApiToken


class ApiTokenRepository(Repository[ApiToken]):
    model = ApiToken
    not_found = "API token not found."

    async def page(
        self, subject: Subject, params: PageParams, *, include_revoked: bool
    ) -> tuple[list[ApiToken], str | None]:
        statement = self.readable(subject)
        if not include_revoked:
            statement = statement.where(ApiToken.revoked_at.is_(None))
        keys = [ApiToken.created_at, ApiToken.id]
        return await paginate(self.session, statement, keys, params, descending=True)
