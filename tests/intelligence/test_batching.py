"""The micro-batcher: concurrent messages are read by one engine call, and each caller gets the answer
its own message gets when read alone."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.batching import MicroBatcher
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

CORPUS = Path(__file__).resolve().parents[2] / "ghl_real_estate_ai/intelligence/local/data/training.jsonl"


def varied_requests(count: int) -> list[AnalysisRequest]:
    """Messages of the engine's corpus, some alone and some after earlier turns of their conversation."""
    lines = [json.loads(line)["message"] for line in CORPUS.read_text().splitlines() if line.strip()]
    step = max(1, len(lines) // count)
    messages = lines[::step][:count]
    requests = []
    for index, message in enumerate(messages):
        history = (
            [] if index % 3 else [ConversationTurn(speaker=Speaker.PROSPECT, message=messages[index - 1])]
        )
        requests.append(AnalysisRequest(message=message, context=history))
    return requests


class SlowRecordingEngine:
    """Reads like the real engine, a little slower, and records each batch it was given."""

    name = "local"

    def __init__(self, inner: LocalEngine, refuse: str | None = None) -> None:
        self.inner = inner
        self.refuse = refuse
        self.batches: list[int] = []
        self.lock = threading.Lock()

    def analyze_batch(self, requests: Sequence[AnalysisRequest]) -> list[MessageAnalysis]:
        with self.lock:
            self.batches.append(len(requests))
        if any(request.message == self.refuse for request in requests):
            raise ValueError("this engine cannot read that message")
        threading.Event().wait(0.01)  # long enough that the next messages arrive during the batch
        return self.inner.analyze_batch(requests)


class TestAnswersWhateverTheBatch:
    async def test_concurrent_messages_get_the_answers_they_get_alone(
        self, local_engine: LocalEngine
    ) -> None:
        requests = varied_requests(48)
        alone = [local_engine.analyze_now(request) for request in requests]
        engine = SlowRecordingEngine(local_engine)
        batcher = MicroBatcher(engine, max_batch=16)
        batched = await asyncio.gather(*(batcher.analyze(request) for request in requests))
        assert [a.model_dump() for a in batched] == [a.model_dump() for a in alone]
        assert max(engine.batches) > 1, engine.batches  # they were read together, not one by one
        assert max(engine.batches) <= 16
        assert sum(engine.batches) == len(requests)
        assert batcher.stats.messages == len(requests) and batcher.stats.batches == len(engine.batches)

    async def test_messages_that_trickle_in_while_a_batch_is_read_join_the_next(
        self, local_engine: LocalEngine
    ) -> None:
        engine = SlowRecordingEngine(local_engine)
        batcher = MicroBatcher(engine)
        requests = varied_requests(12)

        async def arrive(index: int, request: AnalysisRequest) -> MessageAnalysis:
            await asyncio.sleep(index * 0.002)
            return await batcher.analyze(request)

        answers = await asyncio.gather(*(arrive(i, r) for i, r in enumerate(requests)))
        assert [a.model_dump() for a in answers] == [
            local_engine.analyze_now(r).model_dump() for r in requests
        ]
        assert len(engine.batches) < len(requests), engine.batches


class TestLowLoad:
    async def test_a_lone_message_is_read_at_once_in_a_batch_of_one(self, local_engine: LocalEngine) -> None:
        engine = SlowRecordingEngine(local_engine)
        batcher = MicroBatcher(engine, window_s=0.0)
        for request in varied_requests(3):
            await batcher.analyze(request)
        assert engine.batches == [1, 1, 1]
        assert batcher.queued == 0

    async def test_a_window_gathers_messages_that_arrive_within_it(self, local_engine: LocalEngine) -> None:
        engine = SlowRecordingEngine(local_engine)
        batcher = MicroBatcher(engine, window_s=0.05)
        requests = varied_requests(3)

        async def arrive(index: int, request: AnalysisRequest) -> MessageAnalysis:
            await asyncio.sleep(index * 0.005)
            return await batcher.analyze(request)

        await asyncio.gather(*(arrive(i, r) for i, r in enumerate(requests)))
        assert engine.batches == [3]

    async def test_a_full_batch_does_not_wait_out_the_window(self, local_engine: LocalEngine) -> None:
        engine = SlowRecordingEngine(local_engine)
        batcher = MicroBatcher(engine, max_batch=4, window_s=30.0)
        # Finishing at all (rather than after 30 s) is the proof: pytest's own timeout would fail it.
        await asyncio.wait_for(asyncio.gather(*(batcher.analyze(r) for r in varied_requests(4))), 10)
        assert engine.batches == [4]


class TestFailures:
    async def test_a_message_the_engine_cannot_read_fails_alone(self, local_engine: LocalEngine) -> None:
        requests = varied_requests(6)
        engine = SlowRecordingEngine(local_engine, refuse=requests[2].message)
        batcher = MicroBatcher(engine)
        outcomes = await asyncio.gather(*(batcher.analyze(r) for r in requests), return_exceptions=True)
        assert isinstance(outcomes[2], ValueError)
        for request, outcome in zip(requests, outcomes, strict=True):
            if request is not requests[2]:
                assert isinstance(outcome, MessageAnalysis)
                assert outcome.model_dump() == local_engine.analyze_now(request).model_dump()

    async def test_a_caller_that_gives_up_does_not_disturb_the_others(
        self, local_engine: LocalEngine
    ) -> None:
        batcher = MicroBatcher(SlowRecordingEngine(local_engine))
        requests = varied_requests(4)
        first = asyncio.create_task(batcher.analyze(requests[0]))
        impatient = asyncio.create_task(batcher.analyze(requests[1]))
        rest = [asyncio.create_task(batcher.analyze(r)) for r in requests[2:]]
        await asyncio.sleep(0)
        impatient.cancel()
        answers = await asyncio.gather(first, *rest)
        assert len(answers) == 3
        with pytest.raises(asyncio.CancelledError):
            await impatient
