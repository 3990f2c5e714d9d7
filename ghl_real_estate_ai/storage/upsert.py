"""`INSERT ... ON CONFLICT` in the dialect of the connection at hand (PostgreSQL or SQLite)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def dialect_insert(on: AsyncSession | AsyncConnection) -> Any:
    """The `insert` construct whose statements know `on_conflict_do_nothing/do_update` for this database."""
    bind = on.get_bind() if isinstance(on, AsyncSession) else on
    return postgresql_insert if bind.dialect.name == "postgresql" else sqlite_insert
