"""Samples are kept in memory as answers are given and written in batches, off the request's transaction.

A failed request rolls its own transaction back, so its sample cannot ride along with it; one batched insert
every `flush_interval_s` also keeps SQLite's single writer free for requests."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable

from ghl_real_estate_ai.domain.performance import Sample
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.performance_tables import PerformanceRepository

logger = logging.getLogger(__name__)

Listener = Callable[[Sample], None]
MAX_PENDING = 50_000


class PerformanceRecorder:
    def __init__(self, database: Database, *, flush_interval_s: float = 0.5) -> None:
        self.database = database
        self.flush_interval_s = flush_interval_s
        self._pending: deque[Sample] = deque(maxlen=MAX_PENDING)
        self._listeners: list[Listener] = []
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self.dropped = 0

    def subscribe(self, listener: Listener) -> None:
        """Called with every sample as it is recorded (alerts, Prometheus); must not block."""
        self._listeners.append(listener)

    def record(self, sample: Sample) -> None:
        if len(self._pending) == MAX_PENDING:
            self.dropped += 1  # the database is far behind: losing the oldest beats growing without end
        self._pending.append(sample)
        for listener in self._listeners:
            try:
                listener(sample)
            except Exception:  # one broken listener must not cost the request its answer
                logger.exception("performance listener failed")

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def flush(self) -> None:
        """Write what is pending now (the analytics endpoint reads its own process's latest answers)."""
        async with self._lock:
            batch = list(self._pending)
            if not batch:
                return
            try:
                async with self.database.session() as session:
                    await PerformanceRepository(session).add_all(batch)
            except Exception as error:
                logger.warning("could not store %d performance samples: %s", len(batch), type(error).__name__)
                return
            for _ in batch:
                self._pending.popleft()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval_s)
            await self.flush()
