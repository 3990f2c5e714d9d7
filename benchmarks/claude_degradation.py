"""Claude down, agent unaffected: 200 coaching requests per mode while the fake Messages API fails.

The fake answers 529 overloaded, then stalls past the client timeout. The server runs in its own process
(hybrid, then claude mode); requests are sent until the health endpoint reports the circuit open, then
200 more are measured. Writes benchmarks/results/claude_degradation.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from typing import Any

import httpx

from benchmarks.common import MODEL_CACHE, PROSPECT_MESSAGES, cli, free_port, summarise, wait_ready, write
from tests.fakes.anthropic_server import FakeAnthropic, overloaded, slow

PATH = "/api/v1/claude/coaching/real-time"


def run_mode(fake: FakeAnthropic, mode: str, requests: int = 200, concurrency: int = 4) -> dict[str, Any]:
    fake.script(*[overloaded()] * 4, default=slow(5.0))
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": MODEL_CACHE,
            "ENTERPRISEHUB_ENGINE": mode,
            "ANTHROPIC_API_KEY": "sk-ant-bench",
            "ANTHROPIC_BASE_URL": fake.base_url,
            "CLAUDE_TIMEOUT_S": "0.5",
            "CLAUDE_DEADLINE_S": "1.5",
            "CLAUDE_MAX_RETRIES": "1",
            "CLAUDE_BREAKER_THRESHOLD": "3",
            "CLAUDE_BREAKER_COOL_DOWN_S": "600",
        }
        cli("migrate", env=env)
        api_key = json.loads(cli("locations", "create", "Bench Realty", "--json", env=env))["api_key"]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            result = asyncio.run(_measure(f"http://127.0.0.1:{port}", api_key, requests, concurrency))
        finally:
            server.terminate()
            _, stderr = server.communicate(timeout=15)
    degraded_lines = [line for line in stderr.splitlines() if "Claude engine degraded" in line]
    return {
        "mode": mode,
        **result,
        "fake_calls_received": len(fake.requests),
        "degradation_log_lines": len(degraded_lines),
    }


async def _measure(base: str, api_key: str, requests: int, concurrency: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"}
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await wait_ready(client)
        before_open, started = 0, time.monotonic()
        while (await client.get("/api/v1/claude/health")).json()["claude"]["circuit"] != "open":
            await asyncio.gather(*(_one(client, headers, before_open + i) for i in range(concurrency)))
            before_open += concurrency
            if time.monotonic() - started > 60:
                raise RuntimeError("the circuit never opened")
        await asyncio.sleep(1.5)  # calls in flight when it opened end within their deadline
        queue = list(range(requests))
        outcomes: list[tuple[float, int, str]] = []

        async def worker() -> None:
            while queue:
                outcomes.append(await _one(client, headers, queue.pop()))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        health = (await client.get("/api/v1/claude/health")).json()
    return {
        "requests_until_circuit_open": before_open,
        "concurrency": concurrency,
        "after_circuit_open": summarise([ms for ms, _, _ in outcomes]),
        "status_codes": dict(Counter(str(code) for _, code, _ in outcomes)),
        "engines": dict(Counter(engine for _, _, engine in outcomes)),
        "health": {"overall_status": health["overall_status"], "claude": health["claude"]},
    }


async def _one(client: httpx.AsyncClient, headers: dict[str, str], i: int) -> tuple[float, int, str]:
    body = {"agent_id": f"agent_{i % 20}", "prospect_message": PROSPECT_MESSAGES[i % len(PROSPECT_MESSAGES)]}
    started = time.perf_counter()
    response = await client.post(PATH, json=body, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    engine = response.json().get("engine", "?") if response.status_code == 200 else "error"
    return elapsed, response.status_code, engine


def main() -> None:
    fake = FakeAnthropic().start()
    try:
        runs = [run_mode(fake, mode) for mode in ("hybrid", "claude")]
    finally:
        fake.stop()
    print(write("claude_degradation", {"claude_degradation": runs}))


if __name__ == "__main__":
    main()
