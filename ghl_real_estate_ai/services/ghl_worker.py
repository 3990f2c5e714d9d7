"""The GHL worker's loops: one over the inbox, N over the outbox, until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from ghl_real_estate_ai.services.ghl_outbox_sender import OutboxSender
from ghl_real_estate_ai.services.ghl_pipeline import GhlPipeline

log = logging.getLogger(__name__)


class GhlWorker:
    """The inbox loop and N sender loops until `stop` is set: in the API process or `enterprisehub worker`."""

    def __init__(
        self, pipeline: GhlPipeline, sender: OutboxSender, *, poll_seconds: float, senders: int
    ) -> None:
        self.pipeline = pipeline
        self.sender = sender
        self.poll_seconds = poll_seconds
        self.senders = senders

    async def run(self, stop: asyncio.Event) -> None:
        loops = [self._loop(self.pipeline.process_next, stop)]
        loops += [self._loop(self.sender.send_next, stop) for _ in range(self.senders)]
        await asyncio.gather(*loops)

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
