"""Answers from concurrent messages stored together: their conversation, message and analysis rows
written in one short transaction (one fsync, one SQLite write lock) instead of one each.

As webhook intake's group commit (ghl_intake_commit.py): a lone answer is written at once (no timer);
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
        self.max_answers = max_answers
        self._waiting: list[_Pending] = []
        self._writer: asyncio.Task[None] | None = None

    @property
    def queued(self) -> int:
        """Answers waiting for the next transaction."""
        return len(self._waiting)

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

        self._waiting.append(_Pending(run, fail))
        if self._writer is None:
            self._writer = loop.create_task(self._write_waiting())
        return await answer

    async def _write_waiting(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[: self.max_answers]
                self._waiting = self._waiting[self.max_answers :]
                await self._write(batch)
        finally:
            self._writer = None
            for pending in self._waiting:  # only when cancelled (shutdown): nobody waits forever
                pending.fail(asyncio.CancelledError())
            self._waiting = []

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


__all__ = ["AnswerCommit"]
