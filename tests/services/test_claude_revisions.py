"""Hybrid mode from Python: revision 1 published once stored, Claude's revision 2 when it arrives."""

from __future__ import annotations

import anthropic
import pytest

from ghl_real_estate_ai.domain.requests import CoachingRequest
from ghl_real_estate_ai.intelligence.claude import ClaudeConfig, ClaudeEngine
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService, RevisionEvent, TenantScope
from ghl_real_estate_ai.settings import EngineMode
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import AnalysisRepository
from tests.conftest import Tenant
from tests.fakes.anthropic_server import FakeAnthropic, answer, overloaded


class RecordingPublisher:
    def __init__(self) -> None:
        self.events: list[RevisionEvent] = []

    async def publish(self, event: RevisionEvent) -> None:
        self.events.append(event)


def service(
    fake: FakeAnthropic, local_engine: LocalEngine, database: Database, publisher: RecordingPublisher
) -> AnalysisService:
    client = anthropic.AsyncAnthropic(api_key="sk-ant-test", base_url=fake.base_url, max_retries=0)
    claude = ClaudeEngine(client, ClaudeConfig(deadline_s=2.0, backoff_base_s=0.01, max_retries=0))
    return AnalysisService(
        local_engine, claude=claude, mode=EngineMode.HYBRID, database=database, publisher=publisher
    )


REQUEST = CoachingRequest(
    agent_id="agent_7", prospect_message="I'm not sure if I can afford this right now..."
)


class TestHybridRevisions:
    async def test_both_revisions_are_stored_and_published_to_the_agent_in_order(
        self, fake_anthropic: FakeAnthropic, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        fake_anthropic.script(default=answer())
        publisher = RecordingPublisher()
        analyzer = service(fake_anthropic, local_engine, database, publisher)
        async with database.session() as session:
            first = await analyzer.real_time_coaching(TenantScope(session, tenant.location_id), REQUEST)
        await analyzer.drain()
        assert (first.engine, first.revision) == ("local", 1)
        assert [(e.agent_id, e.analysis_id, e.revision) for e in publisher.events] == [
            ("agent_7", first.analysis_id, 1),
            ("agent_7", first.analysis_id, 2),
        ]
        assert [e.response.engine for e in publisher.events] == ["local", "claude"]
        async with database.session() as session:
            rows = await AnalysisRepository(session, tenant.location_id).revisions(first.analysis_id or "")
        assert [(r.revision, r.engine) for r in rows] == [(1, "local"), (2, "claude")]

    async def test_only_revision_1_is_published_when_claude_fails(
        self, fake_anthropic: FakeAnthropic, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        fake_anthropic.script(default=overloaded())
        publisher = RecordingPublisher()
        analyzer = service(fake_anthropic, local_engine, database, publisher)
        async with database.session() as session:
            first = await analyzer.real_time_coaching(TenantScope(session, tenant.location_id), REQUEST)
        await analyzer.drain()
        assert first.engine == "local"
        assert [e.revision for e in publisher.events] == [1]

    async def test_nothing_is_published_when_the_request_rolls_back(
        self, fake_anthropic: FakeAnthropic, local_engine: LocalEngine, database: Database, tenant: Tenant
    ) -> None:
        fake_anthropic.script(default=answer())
        publisher = RecordingPublisher()
        analyzer = service(fake_anthropic, local_engine, database, publisher)

        async def coach_then_fail() -> None:
            async with database.session() as session:
                await analyzer.real_time_coaching(TenantScope(session, tenant.location_id), REQUEST)
                raise RuntimeError("the request failed after coaching")

        with pytest.raises(RuntimeError):
            await coach_then_fail()
        await analyzer.drain()
        assert publisher.events == []
        assert fake_anthropic.requests == []  # no refinement of an answer that was never stored
