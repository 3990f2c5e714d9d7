from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from ghl_real_estate_ai.security.encryption import Keyring
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.encrypted_types import KEYRING_ATTRIBUTE

logger = logging.getLogger(__name__)
_AFTER_COMMIT = "after_commit"


def after_commit(session: AsyncSession, work: Callable[[], Awaitable[None]]) -> None:
    """Run `work` once this session's transaction has committed, and never if it rolls back.

    For what must not be seen before the data is stored: publishing an answer, starting work that
    reads the rows back. Sessions from `Database.session()` (every request's) honour it."""
    session.info.setdefault(_AFTER_COMMIT, []).append(work)


async def _run_after_commit(session: AsyncSession) -> None:
    for work in session.info.pop(_AFTER_COMMIT, []):
        try:
            await work()
        except Exception:  # the data is stored: what follows must not turn that into an error
            logger.exception("after-commit work failed")


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(database_url: str, keyring: Keyring | None = None) -> AsyncEngine:
    engine = _create_engine(database_url)
    # Encrypted columns find their keys on the dialect (storage/encrypted_types.py).
    setattr(engine.dialect, KEYRING_ATTRIBUTE, keyring or Keyring.from_settings(Settings()))
    return engine


def _create_engine(database_url: str) -> AsyncEngine:
    # hide_parameters: an error's text names the statement, never the values (a prospect's message).
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLite has one writer; concurrent transactions that read then write fail with "database is
        # locked" instead of waiting. One shared connection makes sessions queue fairly in the pool.
        engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=30, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _tune_sqlite)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)


class Database:
    """Owns the engine and hands out sessions; one per process, built at start-up."""

    def __init__(self, database_url: str, keyring: Keyring | None = None) -> None:
        self.url = database_url
        self.engine = create_engine(database_url, keyring)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def single_writer(self) -> bool:
        """SQLite: one write transaction at a time for the whole database (keep them short)."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block succeeds, rolls back when it raises."""
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                session.info.pop(_AFTER_COMMIT, None)
                await session.rollback()
                raise
            await _run_after_commit(session)

    async def dispose(self) -> None:
        await self.engine.dispose()
