"""Answers from concurrent messages stored together: their conversation, message and analysis rows
written in one short transaction (one fsync, one SQLite write lock) instead of one each.

Grouped as webhook intake's group commit is (grouping.GroupDrain): a lone answer is written at once;
answers that arrive while a transaction is being written wait for the next one, which takes them all
(up to `max_answers`). What each answer's work registers with `after_commit` (its publication) runs
once the group's transaction has committed, and never if it rolled back; each caller is told after
that. When the group fails, each answer is written again on its own, so one answer's fault is its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.grouping import GroupDrain
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.database import Database

T = TypeVar("T")
# Answers per transaction at most: bounds one commit's size (and how long SQLite's write lock is held).
MAX_ANSWERS_PER_COMMIT = 64

Settle = Callable[[], None]


@dataclass(frozen=True)
class _Pending:
    run: Callable[[AsyncSession], Awaitable[Settle]]
    fail: Callable[[BaseException], None]


class AnswerCommit:
    def __init__(self, database: Database, max_answers: int = MAX_ANSWERS_PER_COMMIT) -> None:
        self.database = database
        self._answers = GroupDrain(self._write, _cancel, max_answers)

    @property
    def queued(self) -> int:
        """Answers waiting for the next transaction."""
        return self._answers.queued

    async def write(self, location_id: str, work: Callable[[TenantScope], Awaitable[T]]) -> T:
        """Run `work` in a group transaction under `location_id`; its result once that has committed."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = loop.create_future()

        async def run(session: AsyncSession) -> Settle:
            result = await work(TenantScope(session, location_id))
            return lambda: None if answer.done() else answer.set_result(result)

        def fail(error: BaseException) -> None:
            if not answer.done():
                answer.set_exception(error)

        self._answers.add(_Pending(run, fail))
        return await answer

    async def _write(self, batch: list[_Pending]) -> None:
        try:
            async with self.database.session() as session:
                settles = [await pending.run(session) for pending in batch]
        except Exception as error:
            if len(batch) == 1:
                batch[0].fail(error)
                return
            for pending in batch:  # the group rolled back (nothing published): each on its own now
                await self._write([pending])
            return
        for settle in settles:
            settle()


def _cancel(pending: _Pending) -> None:
    pending.fail(asyncio.CancelledError())


__all__ = ["AnswerCommit"]
