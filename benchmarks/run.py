"""`make bench`: engine latency on labeled data, and HTTP coaching latency beside a trivial endpoint.

Results go to benchmarks/results/*.json with the machine they were measured on.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from itertools import islice
from typing import Any

import httpx

from benchmarks.common import (
    DATA,
    MODEL_CACHE,
    PROSPECT_MESSAGES,
    cli,
    free_port,
    summarise,
    wait_ready,
    write,
)
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.evaluation.dataset import read_examples
from ghl_real_estate_ai.evaluation.runner import evaluate
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine


def engine_latency() -> dict[str, Any]:
    engine = load_local_engine(MODEL_CACHE)
    engine.analyze_now(AnalysisRequest(message="warm up"))
    results: dict[str, Any] = {}
    for name, limit in (("dev.jsonl", None), ("sgd_homes_dev.jsonl", 2000)):
        path = DATA / name
        if not path.exists():
            continue
        latencies = []
        for example in islice(read_examples(path), limit):
            request = example.to_request()
            started = time.perf_counter()
            engine.analyze_now(request)
            latencies.append((time.perf_counter() - started) * 1000)
        results[name] = summarise(latencies)
    return results


def quality() -> dict[str, Any]:
    """The taxonomy's metrics on each labeled file present (the same report as `enterprisehub eval`)."""
    engine = load_local_engine(MODEL_CACHE)
    return {
        path.name: evaluate(read_examples(path), engine.analyze_now).model_dump()
        for path in sorted(DATA.glob("*.jsonl"))
    }


async def _load(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    bodies: list[Any],
    concurrency: int,
    headers: dict[str, str],
) -> dict[str, Any]:
    queue = list(bodies)
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        while queue:
            body = queue.pop()
            started = time.perf_counter()
            response = await client.request(method, path, json=body, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {**summarise(latencies), "errors": errors, "throughput_rps": round(len(latencies) / elapsed, 1)}


def http_latency(levels: tuple[int, ...] = (1, 16), requests: int = 1500) -> dict[str, Any]:
    """A real server in its own process, loaded over loopback at each concurrency level:
    the trivial endpoint first, then coaching, so the ratio shows what the coaching work costs."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": MODEL_CACHE,
        }
        cli("migrate", env=env)
        api_key = json.loads(cli("locations", "create", "Bench Realty", "--json", env=env))["api_key"]
        server = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port)], env=env
        )
        try:
            base = f"http://127.0.0.1:{port}"
            runs = [asyncio.run(_measure(base, api_key, requests, level)) for level in levels]
        finally:
            server.terminate()
            server.wait(timeout=10)
    return {"database": "sqlite", "server_workers": 1, "load_generator": "httpx, same machine", "runs": runs}


async def _measure(base: str, api_key: str, requests: int, concurrency: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await wait_ready(client)
        headers = {"Authorization": f"Bearer {api_key}"}
        rng = random.Random(7)
        coaching = [
            {
                "agent_id": f"agent_{i % 50}",
                "conversation_context": {"lead_id": f"lead_{i % 400}"},
                "prospect_message": rng.choice(PROSPECT_MESSAGES),
                "conversation_stage": "discovery",
            }
            for i in range(requests)
        ]
        path = "/api/v1/claude/coaching/real-time"
        await _load(client, "POST", path, coaching[:100], concurrency, headers)  # warm-up
        trivial = await _load(client, "GET", "/api/v1/ping", [None] * requests, concurrency, {})
        coached = await _load(client, "POST", path, coaching, concurrency, headers)
    return {
        "concurrency": concurrency,
        "trivial_endpoint": trivial,
        "coaching_endpoint": coached,
        "ratio_p50": round(coached["p50_ms"] / trivial["p50_ms"], 2),
        "ratio_p99": round(coached["p99_ms"] / trivial["p99_ms"], 2),
        "ratio_throughput": round(trivial["throughput_rps"] / coached["throughput_rps"], 2),
    }


def main() -> None:
    print("quality on labeled data ...", flush=True)
    print(write("quality", {"quality": quality()}))
    print("engine latency ...", flush=True)
    print(write("engine_latency", {"engine": engine_latency()}))
    print("http latency ...", flush=True)
    print(write("http_coaching", {"http": http_latency()}))


if __name__ == "__main__":
    main()
