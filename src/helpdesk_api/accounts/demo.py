"""The demo account: an owner, an admin, two agents and a team, ready to log in."""

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk_api.accounts.service import account_service
from helpdesk_api.auth.subject import Subject
from helpdesk_api.models import Role
from helpdesk_api.teams.schemas import TeamCreate
from helpdesk_api.teams.service import team_service
from helpdesk_api.users.service import user_service

DEFAULT_DOMAIN = "demo.example.com"


@dataclass(frozen=True)
class DemoLogin:
    emails: dict[str, str]
    password: str

    def describe(self, base_url: str) -> str:
        lines = [
            f"Demo account ready. Open {base_url} in a browser (or POST "
            f"{base_url}/api/v1/auth/login) and log in with:"
        ]
        lines += [f"  {role:<6} {email}" for role, email in self.emails.items()]
        lines.append(f"  password (all four): {self.password}")
        return "\n".join(lines)


async def create_demo(session: AsyncSession, domain: str = DEFAULT_DOMAIN) -> DemoLogin:
    password = secrets.token_urlsafe(12)
    emails = {r: f"{r}@{domain}" for r in ("owner", "admin", "agent1", "agent2")}
    owner = await account_service.create(
        session,
        "Demo Company",
        owner_name="Olivia Owner",
        email=emails["owner"],
        password=password,
    )
    people = [
        ("admin", "Adam Admin", Role.admin),
        ("agent1", "Alice Agent", Role.agent),
        ("agent2", "Bob Agent", Role.agent),
    ]
    staff = [
        await user_service.add(
            session, owner.account_id, email=emails[key], name=name, password=password, role=role
        )
        for key, name, role in people
    ]
    await team_service.create(
        session,
        Subject.of_user(owner),
        TeamCreate(name="Support", description="First line", member_ids=[u.id for u in staff[1:]]),
    )
    return DemoLogin(emails=emails, password=password)
