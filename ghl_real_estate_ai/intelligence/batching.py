"""Micro-batching: messages that arrive together are read by one `analyze_batch` call.

The engine's fixed cost per call (tokenizer, ONNX run, each vectorizer's validation) is paid once per
batch instead of once per message. Batches form the way group commit forms transactions: a message that
finds the engine idle is read at once (no timer, so a lone message waits for nothing); messages that
arrive while a batch is being read wait for the next call, which takes them all (up to `max_batch`).
An optional window (`window_s`) holds a batch that starts from idle a few ms longer for companions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.grouping import GroupDrain

logger = logging.getLogger(__name__)


@runtime_checkable
class BatchEngine(Protocol):
    """An engine that reads several messages in one synchronous, CPU-bound call, each answer equal to
    the one the message gets alone."""

    name: str

    def analyze_batch(self, requests: Sequence[AnalysisRequest]) -> list[MessageAnalysis]: ...


@dataclass
class BatchStats:
    """What the batcher did since start: for /metrics and health (how well batches formed)."""

    batches: int = 0
    messages: int = 0
    largest: int = 0


_Waiting = tuple[AnalysisRequest, "asyncio.Future[MessageAnalysis]"]


class MicroBatcher:
    """An `AnalysisEngine` in front of a `BatchEngine`: one batch at a time, in one worker thread."""

    def __init__(self, engine: BatchEngine, *, max_batch: int = 32, window_s: float = 0.0) -> None:
        if max_batch < 1:
            raise ValueError("a batch holds at least one message")
        self.inner = engine
        self.name = engine.name
        self.max_batch = max_batch
        self.window_s = window_s
        self.stats = BatchStats()
        self._batches = GroupDrain(self._read_live, _cancel, max_batch, self._window)
        self._full: asyncio.Event | None = None
        # One thread: the loop keeps serving sockets while a batch is read, and the engine's caches are
        # never used by two batches at once.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine-batch")

    @property
    def queued(self) -> int:
        """Messages waiting for the next batch (the one being read is not counted)."""
        return self._batches.queued

    async def analyze(self, request: AnalysisRequest) -> MessageAnalysis:
        answer: asyncio.Future[MessageAnalysis] = asyncio.get_running_loop().create_future()
        reading = self._batches.add((request, answer))
        if reading and self._full is not None and self._batches.queued >= self.max_batch:
            self._full.set()  # the window closes early: a full batch waits for nobody
        return await answer

    async def _window(self) -> None:
        if self.window_s <= 0 or self._batches.queued >= self.max_batch:
            return
        self._full = asyncio.Event()
        try:
            await asyncio.wait_for(self._full.wait(), self.window_s)
        except TimeoutError:
            pass
        finally:
            self._full = None

    async def _read_live(self, batch: list[_Waiting]) -> None:
        """A batch without the callers that gave up meanwhile."""
        await self._read([item for item in batch if not item[1].done()])

    async def _read(self, batch: list[_Waiting]) -> None:
        if not batch:
            return
        loop = asyncio.get_running_loop()
        requests = [request for request, _ in batch]
        try:
            answers = await loop.run_in_executor(self._thread, self.inner.analyze_batch, requests)
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0][1], error)
                return
            # One message the engine cannot read must not fail the others it was batched with.
            logger.warning("a batch of %d failed; reading its messages one by one", len(batch))
            for item in batch:
                await self._read([item])
            return
        self.stats.batches += 1
        self.stats.messages += len(batch)
        self.stats.largest = max(self.stats.largest, len(batch))
        for (_, answer), analysis in zip(batch, answers, strict=True):
            _settle(answer, analysis)


def _cancel(item: _Waiting) -> None:
    if not item[1].done():
        item[1].cancel()


def _settle(answer: asyncio.Future[MessageAnalysis], outcome: MessageAnalysis | Exception) -> None:
    if answer.done():  # the caller gave up (its socket closed): nobody to tell
        return
    if isinstance(outcome, Exception):
        answer.set_exception(outcome)
    else:
        answer.set_result(outcome)


__all__ = ["BatchEngine", "BatchStats", "MicroBatcher"]
