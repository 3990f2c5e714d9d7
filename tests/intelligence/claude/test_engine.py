"""The Claude engine on the official SDK against the local fake Messages API: every upstream fault."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import anthropic
import pytest

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.claude import (
    ClaudeCallRecord,
    ClaudeConfig,
    ClaudeEngine,
    ClaudeUnavailable,
)
from ghl_real_estate_ai.intelligence.claude.resilience import CircuitState
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from tests.fakes.anthropic_server import (
    FakeAnthropic,
    answer,
    malformed,
    overloaded,
    rate_limited,
    refusal,
    server_error,
    slow,
    spend_limited,
)

REQUEST = AnalysisRequest(message="I'm not sure if I can afford this right now...")


class ListAudit:
    def __init__(self) -> None:
        self.calls: list[ClaudeCallRecord] = []

    async def record(self, call: ClaudeCallRecord) -> None:
        self.calls.append(call)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(fake_anthropic: FakeAnthropic) -> AsyncIterator[anthropic.AsyncAnthropic]:
    async with anthropic.AsyncAnthropic(
        api_key="sk-ant-test", base_url=fake_anthropic.base_url, timeout=0.3, max_retries=0
    ) as sdk:
        yield sdk


@pytest.fixture
async def local(local_engine: LocalEngine) -> MessageAnalysis:
    return await local_engine.analyze(REQUEST)


def make_engine(client: anthropic.AsyncAnthropic, audit: ListAudit, **config: object) -> ClaudeEngine:
    values: dict[str, object] = {
        "deadline_s": 2.0,
        "backoff_base_s": 0.01,
        "breaker_threshold": 2,
        "breaker_cool_down_s": 30.0,
        **config,
    }
    return ClaudeEngine(client, ClaudeConfig(**values), audit=audit)  # type: ignore[arg-type]


class TestStructuredOutput:
    @pytest.mark.parametrize("mode", ["tool", "json"])
    async def test_a_valid_answer_refines_the_local_reading_in_either_output_mode(
        self,
        mode: str,
        fake_anthropic: FakeAnthropic,
        client: anthropic.AsyncAnthropic,
        local: MessageAnalysis,
    ) -> None:
        fake_anthropic.script(answer())
        audit = ListAudit()
        engine = make_engine(client, audit, output_mode=mode)
        refined = await engine.refine(REQUEST, local)
        await engine.drain()
        assert refined.objection is not None
        assert refined.objection.type == "affordability"
        assert refined.preferences == local.preferences  # what Claude does not judge stays local
        assert [c.outcome for c in audit.calls] == ["ok"]
        assert audit.calls[0].input_tokens == 420
        assert audit.calls[0].cache_creation_input_tokens == 310

    async def test_a_malformed_answer_is_retried_once_and_the_second_answer_stands(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(malformed(), answer())
        audit = ListAudit()
        engine = make_engine(client, audit)
        await engine.refine(REQUEST, local)
        await engine.drain()
        assert [c.outcome for c in audit.calls] == ["invalid", "ok"]

    async def test_two_invalid_answers_give_up_so_the_local_answer_stands(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(refusal(), malformed(), answer())
        audit = ListAudit()
        engine = make_engine(client, audit)
        with pytest.raises(ClaudeUnavailable, match="invalid"):
            await engine.refine(REQUEST, local)
        await engine.drain()
        assert [c.outcome for c in audit.calls] == ["invalid", "invalid"]
        assert len(fake_anthropic.requests) == 2


class TestRetries:
    async def test_a_rate_limit_is_retried_after_the_servers_retry_after(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(rate_limited(retry_after_s=0.3), answer())
        audit = ListAudit()
        engine = make_engine(client, audit)
        started = time.perf_counter()
        await engine.refine(REQUEST, local)
        await engine.drain()
        assert time.perf_counter() - started >= 0.3
        assert [c.outcome for c in audit.calls] == ["rate_limited", "ok"]

    async def test_a_spend_limit_429_is_not_retried(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(spend_limited(), answer())
        audit = ListAudit()
        engine = make_engine(client, audit)
        with pytest.raises(ClaudeUnavailable):
            await engine.refine(REQUEST, local)
        await engine.drain()
        assert len(fake_anthropic.requests) == 1
        assert [c.outcome for c in audit.calls] == ["spend_limit"]

    async def test_server_errors_are_retried_within_the_budget(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(server_error(), overloaded(), answer())
        audit = ListAudit()
        engine = make_engine(client, audit, max_retries=2)
        await engine.refine(REQUEST, local)
        await engine.drain()
        assert [c.outcome for c in audit.calls] == ["server_error", "overloaded", "ok"]

    async def test_the_hard_deadline_bounds_a_slow_answer(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(default=slow(1.0))
        audit = ListAudit()
        engine = make_engine(client, audit, deadline_s=0.15)
        started = time.perf_counter()
        with pytest.raises(ClaudeUnavailable):
            await engine.refine(REQUEST, local)
        assert time.perf_counter() - started < 0.5
        await engine.drain()
        assert [c.outcome for c in audit.calls] == ["cancelled"]


class TestCircuitBreaker:
    async def test_it_opens_after_consecutive_failures_and_stops_calling(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(default=overloaded())
        engine = make_engine(client, ListAudit(), max_retries=0)
        for _ in range(5):
            with pytest.raises(ClaudeUnavailable):
                await engine.refine(REQUEST, local)
        assert engine.breaker.state is CircuitState.OPEN
        assert len(fake_anthropic.requests) == 2

    async def test_it_half_opens_after_the_cool_down_and_closes_on_a_successful_probe(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(overloaded(), overloaded(), default=answer())
        clock = FakeTime()
        engine = ClaudeEngine(
            client,
            ClaudeConfig(max_retries=0, breaker_threshold=2, breaker_cool_down_s=30.0),
            audit=ListAudit(),
            monotonic=clock,
        )
        for _ in range(2):
            with pytest.raises(ClaudeUnavailable):
                await engine.refine(REQUEST, local)
        assert engine.breaker.state is CircuitState.OPEN
        clock.now += 31
        assert engine.breaker.state is CircuitState.HALF_OPEN
        await engine.refine(REQUEST, local)
        assert engine.breaker.state is CircuitState.CLOSED

    async def test_a_failed_probe_opens_it_again(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(default=overloaded())
        clock = FakeTime()
        engine = ClaudeEngine(
            client,
            ClaudeConfig(max_retries=0, breaker_threshold=1, breaker_cool_down_s=30.0),
            audit=ListAudit(),
            monotonic=clock,
        )
        with pytest.raises(ClaudeUnavailable):
            await engine.refine(REQUEST, local)
        clock.now += 31
        with pytest.raises(ClaudeUnavailable):
            await engine.refine(REQUEST, local)
        assert engine.breaker.state is CircuitState.OPEN


class TestCache:
    async def test_the_same_sanitised_input_is_answered_from_the_cache(
        self, fake_anthropic: FakeAnthropic, client: anthropic.AsyncAnthropic, local: MessageAnalysis
    ) -> None:
        fake_anthropic.script(default=answer())
        engine = make_engine(client, ListAudit())
        await engine.refine(REQUEST, local)
        await engine.refine(REQUEST, local)
        assert len(fake_anthropic.requests) == 1
