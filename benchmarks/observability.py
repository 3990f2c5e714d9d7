"""What observability costs and reports, on a real server process (SQLite, local engine).

- coaching round trips with every answer recorded (sample, alert window, metrics), and the analytics
  endpoint's figures for the same answers next to the client's own view of them;
- the health check (five live service probes plus the database, engine and broker) and a /metrics scrape.

Writes benchmarks/results/observability.json (with the machine and commit).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from statistics import fmean
from typing import Any

import httpx

from benchmarks.common import MODEL_CACHE, PROSPECT_MESSAGES, cli, free_port, summarise, wait_ready, write

COACHING = "/api/v1/claude/coaching/real-time"


async def _timed(
    client: httpx.AsyncClient, method: str, path: str, **kwargs: Any
) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = await client.request(method, path, **kwargs)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000, response


async def _measure(base: str, api_key: str, coaching: int, probes: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        await wait_ready(client)
        round_trips, server_ms = [], []
        for i in range(coaching):
            message = PROSPECT_MESSAGES[i % len(PROSPECT_MESSAGES)]
            elapsed, response = await _timed(
                client, "POST", COACHING, json={"agent_id": "bench", "prospect_message": message}
            )
            round_trips.append(elapsed)
            server_ms.append(response.json()["processing_time_ms"])
        analytics_ms, analytics = await _timed(
            client, "GET", "/api/v1/claude/analytics/performance?window=PT1H"
        )
        health, metrics = [], []
        for _ in range(probes):
            health.append((await _timed(client, "GET", "/api/v1/claude/health"))[0])
            metrics.append((await _timed(client, "GET", "/metrics"))[0])
    report = analytics.json()
    return {
        "coaching_round_trip": summarise(round_trips),
        "coaching_processing_time": summarise(server_ms),
        "client_mean_processing_time_ms": round(fmean(server_ms), 3),
        "analytics_coaching_avg_ms": report["response_times"]["coaching_avg_ms"],
        "analytics_coaching_p95_ms": report["percentiles"]["coaching"]["p95_ms"],
        "analytics_samples": report["sample_counts"]["coaching"],
        "analytics_request_ms": round(analytics_ms, 3),
        "health": summarise(health),
        "metrics_scrape": summarise(metrics),
    }


def main(coaching: int = 300, probes: int = 30) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": MODEL_CACHE,
            "ENTERPRISEHUB_ENGINE": "local",
            "ENTERPRISEHUB_METRICS_PUBLIC": "true",  # probed without a token, as a scraper on loopback
        }
        cli("migrate", env=env)
        api_key = json.loads(cli("locations", "create", "Bench Realty", "--json", env=env))["api_key"]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port), "--no-worker"],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            result = asyncio.run(_measure(f"http://127.0.0.1:{port}", api_key, coaching, probes))
        finally:
            server.terminate()
            server.wait(timeout=15)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(write("observability", {"commit": commit, "observability": result}))


if __name__ == "__main__":
    main()
