import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from helpdesk_api.contacts import service
from helpdesk_api.contacts.repository import prefix_tsquery
from helpdesk_api.contacts.schemas import ActivityStatus
from helpdesk_api.errors import NotFound
from helpdesk_api.models import Contact
from tests.factories.contacts import ContactFactory
from tests.factories.staff import Tenant

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("idle", "expected"),
    [
        (timedelta(0), ActivityStatus.active),
        (timedelta(days=7) - TICK, ActivityStatus.active),
        (timedelta(days=7), ActivityStatus.low_risk),
        (timedelta(days=30) - TICK, ActivityStatus.low_risk),
        (timedelta(days=30), ActivityStatus.high_risk),
        (timedelta(days=400), ActivityStatus.high_risk),
    ],
)
def test_activity_status_boundaries(idle: timedelta, expected: ActivityStatus) -> None:
    long_ago = NOW - timedelta(days=1000)
    assert service.activity_status(NOW - idle, long_ago, NOW) is expected
    # Without any activity, the contact's creation counts instead.
    assert service.activity_status(None, NOW - idle, NOW) is expected


def test_last_activity_wins_over_creation() -> None:
    created = NOW - timedelta(days=90)
    assert service.activity_status(NOW - timedelta(days=1), created, NOW) is ActivityStatus.active


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ann", "'ann':*"),
        ("Ann  exa", "'Ann':* & 'exa':*"),
        ("annabel@ex", "'annabel':* & 'ex':*"),
        ("a.b-c_d", "'a':* & 'b':* & 'c':* & 'd':*"),
        ("o'brien", "'o':* & 'brien':*"),
        ("x:* | !y & (z) <-> \\w", "'x':* & 'y':* & 'z':* & 'w':*"),
        ("Zoë Müller", "'Zoë':* & 'Müller':*"),
        ("' & | ! ( ) : *", None),
        ("", None),
        ("a b c d e f g h i j", "'a':* & 'b':* & 'c':* & 'd':* & 'e':* & 'f':* & 'g':* & 'h':*"),
    ],
)
def test_search_text_becomes_a_safe_prefix_tsquery(q: str, expected: str | None) -> None:
    assert prefix_tsquery(q) == expected


def test_merge_attributes_replaces_and_removes() -> None:
    base = {"a": 1, "b": 2}
    assert service.merge_attributes(base, {"b": None, "c": 3, "z": None}) == {"a": 1, "c": 3}
    assert base == {"a": 1, "b": 2}


async def test_concurrent_identify_makes_one_contact(
    tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    identifier = f"visitor-{uuid.uuid4().hex[:8]}"

    async def identify(n: int) -> uuid.UUID:
        async with sessionmaker() as session:
            contact = await service.identify(
                session, tenant.account.id, identifier, name=f"Name {n}"
            )
            await session.commit()
            return contact.id

    ids = await asyncio.gather(*(identify(n) for n in range(10)))
    assert len(set(ids)) == 1
    async with sessionmaker() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Contact)
            .where(Contact.account_id == tenant.account.id, Contact.identifier == identifier)
        )
    assert count == 1


async def test_identify_fills_blanks_but_never_overwrites(
    tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        first = await service.identify(session, tenant.account.id, "u-1")
        assert (first.name, first.email) == (None, None)
        named = await service.identify(session, tenant.account.id, "u-1", name="Ann")
        again = await service.identify(
            session, tenant.account.id, "u-1", name="Other", email="ann@example.com"
        )
        await session.commit()
    assert first.id == named.id == again.id
    assert (again.name, again.email) == ("Ann", "ann@example.com")


async def test_identify_is_per_account(
    tenant: Tenant, other_tenant: Tenant, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with sessionmaker() as session:
        mine = await service.identify(session, tenant.account.id, "shared-id")
        theirs = await service.identify(session, other_tenant.account.id, "shared-id")
        await session.commit()
    assert mine.id != theirs.id
    assert (mine.account_id, theirs.account_id) == (tenant.account.id, other_tenant.account.id)


async def test_create_anonymous_and_resolve(
    tenant: Tenant,
    other_tenant: Tenant,
    contacts: ContactFactory,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    survivor = await contacts.contact(tenant.account.id, name="Survivor")
    async with sessionmaker() as session:
        visitor = await service.create_anonymous(session, tenant.account.id)
        visitor.merged_into_id = survivor.id
        await session.commit()
    assert visitor.identifier is None
    assert visitor.custom_attributes == {}
    async with sessionmaker() as session:
        assert (await service.resolve(session, tenant.account.id, visitor.id)).id == survivor.id
        assert (await service.resolve(session, tenant.account.id, survivor.id)).id == survivor.id
        locked = await service.resolve(session, tenant.account.id, visitor.id, lock=True)
        assert locked.id == survivor.id
        with pytest.raises(NotFound):
            await service.resolve(session, other_tenant.account.id, survivor.id)


async def test_touch_activity_only_moves_forward(
    tenant: Tenant, contacts: ContactFactory, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    contact = await contacts.contact(tenant.account.id)
    later = NOW + timedelta(days=1)
    async with sessionmaker() as session:
        loaded = await session.get_one(Contact, contact.id)
        await service.touch_activity(session, loaded, later)
        await service.touch_activity(session, loaded, NOW)
        assert loaded.last_activity_at == later
        await session.commit()
    async with sessionmaker() as session:
        assert (await session.get_one(Contact, contact.id)).last_activity_at == later
