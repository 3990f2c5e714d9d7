"""Group commit: concurrent deliveries share transactions, and each is answered only once it is stored."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from ghl_real_estate_ai.services.ghl_intake_commit import GroupCommit
from ghl_real_estate_ai.services.ghl_webhooks import UNAVAILABLE
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent

DELIVERIES = 40


def _row(webhook_id: str | None = None, **overrides: Any) -> dict[str, Any]:
    return {
        "webhook_id": webhook_id or f"gc-{uuid.uuid4()}",
        "source": "marketplace",
        "event_type": "ContactCreate",
        "body": "{}",
        "ghl_location_id": "loc",
        "location_id": None,
        "received_at": datetime.now(UTC),
        **overrides,
    }


async def _stored(database: Database, webhook_id: str) -> bool:
    async with database.session() as session:
        query = select(GhlInboxEvent.id).where(GhlInboxEvent.webhook_id == webhook_id)
        return (await session.execute(query)).scalar_one_or_none() is not None


class TestGroupCommit:
    async def test_concurrent_rows_are_committed_in_fewer_transactions_than_rows(
        self, database: Database
    ) -> None:
        commits = 0

        def count(_connection: Any) -> None:
            nonlocal commits
            commits += 1

        event.listen(database.engine.sync_engine, "commit", count)
        writes = GroupCommit(database)
        answers = await asyncio.gather(*(writes.add(_row()) for _ in range(DELIVERIES)))
        assert answers == [True] * DELIVERIES
        assert 1 <= commits < DELIVERIES

    async def test_each_delivery_is_answered_only_after_its_row_is_readable_elsewhere(
        self, database: Database, database_url: str
    ) -> None:
        reader = Database(database_url)
        writes = GroupCommit(database)

        async def deliver(row: dict[str, Any]) -> bool:
            await writes.add(row)
            return await _stored(reader, row["webhook_id"])

        try:
            visible = await asyncio.gather(*(deliver(_row()) for _ in range(DELIVERIES)))
        finally:
            await reader.dispose()
        assert visible == [True] * DELIVERIES

    async def test_the_same_webhook_id_twice_at_once_is_one_delivery_and_one_replay(
        self, database: Database
    ) -> None:
        writes = GroupCommit(database)
        same = f"gc-{uuid.uuid4()}"
        answers = await asyncio.gather(writes.add(_row(same)), writes.add(_row(same)))
        assert sorted(answers) == [False, True]
        assert await writes.add(_row(same)) is False

    async def test_a_row_the_database_refuses_does_not_refuse_the_rows_written_with_it(
        self, database: Database
    ) -> None:
        writes = GroupCommit(database)
        good = [_row(), _row()]
        orphan = _row(location_id="loc_does_not_exist")  # foreign key: no such location
        answers = await asyncio.gather(
            writes.add(good[0]), writes.add(orphan), writes.add(good[1]), return_exceptions=True
        )
        assert answers[0] is True and answers[2] is True
        assert isinstance(answers[1], IntegrityError)
        assert [await _stored(database, row["webhook_id"]) for row in good] == [True, True]
        assert not await _stored(database, orphan["webhook_id"])

    async def test_an_unreachable_database_fails_every_waiting_row(self) -> None:
        unreachable = Database("postgresql+asyncpg://postgres@127.0.0.1:1/none")
        writes = GroupCommit(unreachable)
        try:
            answers = await asyncio.gather(*(writes.add(_row()) for _ in range(3)), return_exceptions=True)
        finally:
            await unreachable.dispose()
        assert all(isinstance(answer, UNAVAILABLE) for answer in answers)  # -> 429 upstream
