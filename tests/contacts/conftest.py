import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.factories.contacts import ContactFactory


@pytest.fixture(scope="session")
def contacts(sessionmaker: async_sessionmaker[AsyncSession]) -> ContactFactory:
    return ContactFactory(sessionmaker)
