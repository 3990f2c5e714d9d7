"""Shared fixtures: real databases (SQLite and PostgreSQL), the real engine and a real server.

Helpers that are not fixtures live in tests/support/ (Tenant and make_tenant are re-exported here)."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
import redis

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine, load_local_engine
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.migrate import upgrade_to_head
from tests.fakes.anthropic_server import FakeAnthropic
from tests.support.servers import serve_app
from tests.support.tenants import Tenant, make_tenant

__all__ = ["RunningServer", "Tenant", "make_tenant"]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
# Fixtures more than one folder uses, kept in tests/support.
pytest_plugins = ["tests.support.logs"]

MODEL_CACHE = Path(__file__).resolve().parents[1] / "var" / "models"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# Outside development the service refuses to start without a secret of its own: one per test run, in the
# environment so that servers started as subprocesses (worker crash tests) share it.
os.environ.setdefault("ENTERPRISEHUB_SECRET_KEY", secrets.token_urlsafe(32))


@pytest.fixture(scope="session")
def local_engine() -> LocalEngine:
    return load_local_engine(str(MODEL_CACHE))


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    upgrade_to_head(url)
    return url


async def _postgres_available() -> bool:
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of its own for this test run, migrated to head, dropped at the end."""
    if not asyncio.run(_postgres_available()):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI and is not reachable at {POSTGRES_ADMIN_DSN}")
        pytest.skip("PostgreSQL not reachable")
    name = f"enterprisehub_test_{secrets.token_hex(4)}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    upgrade_to_head(url)
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _redis_available() -> bool:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        return bool(client.ping())
    except (OSError, redis.RedisError):
        return False
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The machine's Redis; tests keep to keys and channels of their own (random names)."""
    if not _redis_available():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required under CI and is not reachable at {REDIS_URL}")
        pytest.skip("Redis not reachable")
    return REDIS_URL


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url)
    yield db
    await db.dispose()


@dataclass
class RunningServer:
    base_url: str
    database_url: str


@pytest.fixture(scope="session")
def server(database_url: str, local_engine: LocalEngine) -> Iterator[RunningServer]:
    """A real uvicorn server on a free port, in a thread of this process."""
    # No GHL worker here: the GHL tests run their own, pointed at the fake GHL API.
    with serve_app(database_url, local_engine) as served:
        yield RunningServer(served.base_url, database_url)


@pytest.fixture
async def client(server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
        yield http


@pytest.fixture
async def tenant(database: Database) -> Tenant:
    return await make_tenant(database)


@pytest.fixture(scope="session")
def fake_anthropic() -> Iterator[FakeAnthropic]:
    """The local fake of the Messages API; each test scripts it afresh with `script(...)`."""
    fake = FakeAnthropic().start()
    yield fake
    fake.stop()
