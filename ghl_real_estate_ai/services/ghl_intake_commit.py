"""Inbox rows from concurrent deliveries, committed together: one transaction (one fsync, one lock)
serves many deliveries under load, and each is answered only after its row has committed."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError

from ghl_real_estate_ai.domain.errors import TryLater as DomainTryLater
from ghl_real_estate_ai.grouping import GroupDrain
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import insert_inbox_events

RETRY_AFTER_SECONDS = 10
# Rows per intake transaction at most: bounds one commit's size (and a SQLite write lock's length).
GROUP_COMMIT_MAX_ROWS = 500


class TryLater(DomainTryLater):
    """We cannot take the delivery now: answer 429 so GHL delivers it again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_after_s=RETRY_AFTER_SECONDS)


class GroupCommit:
    """Inbox rows from concurrent deliveries, inserted and committed together.

    Grouped as grouping.GroupDrain groups (up to `max_rows`): under load, one commit (one fsync, one
    lock) serves many deliveries; a lone delivery is written at once. Each caller is answered only
    after the transaction holding its row has committed, so a 2xx still means the event is stored.
    """

    def __init__(self, database: Database, max_rows: int = GROUP_COMMIT_MAX_ROWS) -> None:
        self.database = database
        self._rows = GroupDrain(self._write, _shut_out, max_rows)

    async def add(self, row: dict[str, Any]) -> bool:
        """Store the row; False when its webhook id is already stored (a replay). Raises what the
        database raised when the row could not be stored."""
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._rows.add((row, answer))
        return await answer

    async def _write(self, batch: list[tuple[dict[str, Any], asyncio.Future[bool]]]) -> None:
        try:
            async with self.database.engine.begin() as connection:
                created = await insert_inbox_events(connection, [row for row, _ in batch])
        except (IntegrityError, DataError) as error:
            if len(batch) == 1:
                _answer_all(batch, error)
                return
            # One row's own fault (e.g. a value too long for its column) must not refuse the others.
            for item in batch:
                await self._write([item])
            return
        except Exception as error:
            _answer_all(batch, error)
            return
        seen: set[str] = set()
        for row, answer in batch:
            webhook_id = row["webhook_id"]
            # The same webhook id twice in one batch: the first is the delivery, the rest are replays.
            first = webhook_id in created and webhook_id not in seen
            seen.add(webhook_id)
            if not answer.done():
                answer.set_result(first)


def _shut_out(item: tuple[dict[str, Any], asyncio.Future[bool]]) -> None:
    if not item[1].done():
        item[1].set_exception(TryLater("intake is shutting down"))


def _answer_all(batch: list[tuple[dict[str, Any], asyncio.Future[bool]]], error: Exception) -> None:
    for _, answer in batch:
        if not answer.done():
            answer.set_exception(error)
