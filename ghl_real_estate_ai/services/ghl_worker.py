"""The GHL worker's loops: one over the inbox, N over the outbox, until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from ghl_real_estate_ai.services.ghl_outbox_sender import OutboxSender
from ghl_real_estate_ai.services.ghl_pipeline import GhlPipeline
from ghl_real_estate_ai.services.retention import RetentionPurge

log = logging.getLogger(__name__)


class GhlWorker:
    """The inbox loop and N sender loops until `stop` is set: in the API process or `enterprisehub worker`.

    With a `purge`, the retention purge also runs, once at start and then every `purge_seconds`."""

    def __init__(
        self,
        pipeline: GhlPipeline,
        sender: OutboxSender,
        *,
        poll_seconds: float,
        senders: int,
        purge: RetentionPurge | None = None,
        purge_seconds: float = 3600.0,
    ) -> None:
        self.pipeline = pipeline
        self.sender = sender
        self.poll_seconds = poll_seconds
        self.senders = senders
        self.purge = purge
        self.purge_seconds = purge_seconds

    async def run(self, stop: asyncio.Event) -> None:
        loops = [self._loop(self.pipeline.process_next, stop)]
        loops += [self._loop(self.sender.send_next, stop) for _ in range(self.senders)]
        if self.purge is not None:
            loops.append(self._purging(self.purge, stop))
        await asyncio.gather(*loops)

    async def _purging(self, purge: RetentionPurge, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await purge.purge()
            except Exception:
                log.exception("retention purge failed; it runs again at the next interval")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.purge_seconds)

    async def _loop(self, step: Callable[[], Awaitable[bool]], stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                worked = await step()
            except Exception:
                log.exception("GHL worker step failed")
                worked = False
            if not worked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

    async def drain(self) -> None:
        """Work until nothing is due (tests and the benchmark; wrap in asyncio.timeout)."""
        while await self.pipeline.process_next() or await self.sender.send_next():
            pass
