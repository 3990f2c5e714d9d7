"""The spec's troubleshooting tools, run as the spec writes them."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.claude import CallContext, ClaudeUnavailable
from ghl_real_estate_ai.intelligence.claude.engine import NoAudit
from ghl_real_estate_ai.intelligence.factory import build_claude_engine
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.claude_agent_service import ClaudeAgentService
from ghl_real_estate_ai.services.claude_client import ClaudeClient
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.settings import EngineMode, Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Analysis
from tests.api.test_claude_engine import COACHING, claude_server
from tests.conftest import RunningServer, Tenant
from tests.fakes.anthropic_server import FakeAnthropic, answer, rate_limited, slow

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "validate_claude_performance.py"


async def validate(base_url: str, api_key: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--check-latency", "--base-url", base_url, "--samples", "5"]
    return await asyncio.to_thread(
        subprocess.run,
        command,
        env={"ENTERPRISEHUB_API_KEY": api_key, "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestValidateClaudePerformance:
    async def test_a_healthy_server_exits_zero(self, server: RunningServer, tenant: Tenant) -> None:
        result = await validate(server.base_url, tenant.api_key)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "coaching" in result.stdout and "semantic_analysis" in result.stdout
        assert "SLOWER" not in result.stdout

    async def test_coaching_slower_than_its_target_exits_non_zero(
        self, database_url: str, local_engine: LocalEngine, fake_anthropic: FakeAnthropic, tenant: Tenant
    ) -> None:
        fake_anthropic.script(default=slow(0.15))
        settings = {"ENTERPRISEHUB_ENGINE": "claude", "CLAUDE_TIMEOUT_S": 2.0, "CLAUDE_DEADLINE_S": 3.0}
        with claude_server(database_url, local_engine, fake_anthropic, **settings) as slow_server:
            result = await validate(slow_server.base_url, tenant.api_key)
        assert result.returncode == 1, result.stdout + result.stderr
        [coaching] = [line for line in result.stdout.splitlines() if line.startswith("coaching")]
        assert "SLOWER THAN TARGET" in coaching

    async def test_a_server_that_is_not_there_exits_two(self, tenant: Tenant) -> None:
        result = await validate("http://127.0.0.1:1", tenant.api_key)
        assert result.returncode == 2


def claude_settings(fake: FakeAnthropic, database_url: str) -> Settings:
    return Settings(
        DATABASE_URL=database_url,
        ENTERPRISEHUB_ENV="test",
        ANTHROPIC_API_KEY="sk-ant-test",
        ANTHROPIC_BASE_URL=fake.base_url,
        ENTERPRISEHUB_ENGINE="hybrid",
        CLAUDE_TIMEOUT_S=2.0,
        CLAUDE_DEADLINE_S=3.0,
        CLAUDE_MAX_RETRIES=0,
    )


class TestRateLimitStatus:
    async def test_the_spec_snippet_reports_anthropics_rate_limit_headers(
        self, fake_anthropic: FakeAnthropic, database_url: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        engine = build_claude_engine(claude_settings(fake_anthropic, database_url), NoAudit())
        assert engine is not None
        claude_client = ClaudeClient(engine)
        logger = logging.getLogger("troubleshooting")
        caplog.set_level(logging.INFO, logger="troubleshooting")

        assert (await claude_client.get_rate_limit_status()).status == "no calls yet"
        fake_anthropic.script(answer(), rate_limited(retry_after_s=7))
        local = AnalysisRequest(message="Is the house on Elm still for sale?")
        await engine.refine(local, await _local(local), CallContext("real_time_coaching"))
        rate_limit_status = await claude_client.get_rate_limit_status()
        logger.info(f"Rate limit: {rate_limit_status}")

        assert rate_limit_status.status == "ok"
        assert rate_limit_status.requests_remaining == 99
        assert rate_limit_status.tokens_remaining == 100_000
        assert "Rate limit: status='ok'" in caplog.text
        other = AnalysisRequest(message="And the one on Oak?")
        other_local = await _local(other)
        with pytest.raises(ClaudeUnavailable):
            await engine.refine(other, other_local, CallContext("real_time_coaching"))
        limited = await claude_client.get_rate_limit_status()
        assert limited.status == "limited" and limited.retry_after_s == 7.0
        await engine.drain()

    async def test_without_claude_it_says_not_configured(self) -> None:
        assert (await ClaudeClient(None).get_rate_limit_status()).status == "not configured"


_ENGINE: list[LocalEngine] = []


async def _local(request: AnalysisRequest) -> MessageAnalysis:
    return await _ENGINE[0].analyze(request)


@pytest.fixture(autouse=True)
def _engine(local_engine: LocalEngine) -> None:
    _ENGINE[:] = [local_engine]


class TestPredictionAccuracy:
    async def test_the_spec_snippet_reports_claude_agreement_and_recorded_evaluations(
        self,
        database_url: str,
        database: Database,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
        tenant: Tenant,
    ) -> None:
        fake_anthropic.script(default=answer())
        with claude_server(database_url, local_engine, fake_anthropic, CLAUDE_TIMEOUT_S=2.0) as server:
            async with httpx.AsyncClient(base_url=server.base_url, headers=tenant.headers) as http:
                for message in ("Is the house on Elm still for sale?", "We want to sell our condo soon"):
                    refined = await http.post(
                        COACHING,
                        json={"agent_id": "a1", "prospect_message": message},
                        params={"refine": "wait"},
                    )
                    assert refined.json()["revision"] == 2, refined.text
        analyzer = ClaudeSemanticAnalyzer(local_engine, database=database, location_id=tenant.location_id)

        accuracy_report = await analyzer.analyze_prediction_accuracy(time_range="7d", minimum_confidence=80)

        async with database.session() as session:
            rows = list(
                (
                    await session.execute(select(Analysis).where(Analysis.location_id == tenant.location_id))
                ).scalars()
            )
        first = {r.analysis_id: r for r in rows if r.revision == 1}
        second = {r.analysis_id: r for r in rows if r.revision == 2}
        confident = [a for a, r in first.items() if r.confidence * 100 >= 80]
        kept = [
            a
            for a in confident
            if a in second
            and first[a].result["analysis"]["primary_intent"]["label"]
            == second[a].result["analysis"]["primary_intent"]["label"]
        ]
        assert accuracy_report.analyses == 2
        assert accuracy_report.confident_analyses == len(confident)
        assert accuracy_report.refined_by_claude == len([a for a in confident if a in second])
        expected = round(100 * len(kept) / len(confident), 2) if confident else None
        assert accuracy_report.claude_agreement_pct == expected
        assert accuracy_report.agent_feedback_accuracy_pct is None
        everything = await analyzer.analyze_prediction_accuracy(time_range="7d", minimum_confidence=0)
        assert everything.refined_by_claude == 2

    async def test_without_storage_it_says_what_it_needs(self, local_engine: LocalEngine) -> None:
        with pytest.raises(ValueError, match="database"):
            await ClaudeSemanticAnalyzer(local_engine).analyze_prediction_accuracy(time_range="7d")


class TestDebugCoachingFlow:
    async def test_the_spec_snippet_runs_one_flow_with_every_step_timed_and_saves_it(
        self,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
        database_url: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.chdir(tmp_path)  # the trace lands under ./var/debug
        fake_anthropic.script(default=answer())
        claude = build_claude_engine(claude_settings(fake_anthropic, database_url), NoAudit())
        claude_service = ClaudeAgentService(
            analysis=AnalysisService(local_engine, claude=claude, mode=EngineMode.HYBRID)
        )

        logging.getLogger("claude_agent_service").setLevel(logging.DEBUG)
        logging.getLogger("claude_semantic_analyzer").setLevel(logging.DEBUG)
        logging.getLogger("qualification_orchestrator").setLevel(logging.DEBUG)
        trace = await claude_service.debug_coaching_flow(
            agent_id="debug_agent", enable_verbose_logging=True, save_request_response=True
        )

        assert [s.name for s in trace.steps] == [
            "request",
            "pii_scrub",
            "local_engine",
            "claude_refinement",
            "compose",
        ]
        assert all(step.elapsed_ms >= 0 for step in trace.steps)
        assert trace.steps[3].output["primary_intent"] is not None
        assert trace.response.engine == "claude"
        assert trace.saved_to is not None
        saved = json.loads(await asyncio.to_thread((tmp_path / trace.saved_to).read_text))
        assert saved["agent_id"] == "debug_agent" and len(saved["steps"]) == 5
        for name in ("claude_agent_service", "claude_semantic_analyzer", "qualification_orchestrator"):
            logging.getLogger(name).setLevel(logging.NOTSET)
        assert claude is not None
        await claude.drain()

    async def test_a_saved_trace_keeps_no_pii_and_says_when_claude_is_absent(
        self, local_engine: LocalEngine, tmp_path: Path
    ) -> None:
        trace = await ClaudeAgentService(engine=local_engine).debug_coaching_flow(
            agent_id="debug_agent",
            save_request_response=True,
            prospect_message="Call me at 512-555-0143 about the condo",
            debug_dir=tmp_path,
        )
        assert trace.steps[3].output == {"skipped": "Claude is not configured"}
        saved = await asyncio.to_thread(Path(trace.saved_to or "").read_text)
        assert "512-555-0143" not in saved and "[PHONE]" in saved
