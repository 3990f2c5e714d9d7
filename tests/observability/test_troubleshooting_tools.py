"""The spec's troubleshooting tools, run as the spec writes them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from tests.api.test_claude_engine import claude_server
from tests.conftest import RunningServer, Tenant
from tests.fakes.anthropic_server import FakeAnthropic, slow

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
