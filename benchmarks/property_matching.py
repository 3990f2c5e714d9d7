"""Property matching over the 10,000 UCI listings, end to end: a real server in its own process, one
client over loopback, one request at a time (each request's own latency, not queueing).

The listings are imported with `enterprisehub properties import` (embeddings computed there); the first
request builds the location's in-memory index and is left out as warm-up, like the next 20. Criteria are
drawn at random (seeded): budget, rooms, a city or state, pets, and free text in half the requests (which
adds the query's embedding). Run: `python -m benchmarks.property_matching`.
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
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import cli, free_port, summarise, wait_ready, write
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine
from ghl_real_estate_ai.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "listings" / "apartments_for_rent_10k.csv"
REQUESTS = 1000
WARM_UP = 21
PLACES = ["Austin", "Houston", "Dallas, TX", "Seattle", "Denver", "CA", "TX", "FL", "Chicago", "Atlanta"]
TEXTS = [
    "quiet place near parks",
    "walk to downtown bars and cafes",
    "room for my home office",
    "family friendly",
]


def criteria(rng: random.Random) -> dict[str, Any]:
    preferences: dict[str, Any] = {"budget_max": rng.choice([800, 1200, 1600, 2500, 4000])}
    if rng.random() < 0.7:
        preferences["bedrooms"] = rng.choice([0, 1, 2, 3])
    if rng.random() < 0.6:
        preferences["locations"] = [rng.choice(PLACES)]
    body: dict[str, Any] = {"preferences": preferences, "limit": 10}
    if rng.random() < 0.3:
        body["pets"] = [rng.choice(["cats", "dogs"])]
    if rng.random() < 0.5:
        body["text"] = rng.choice(TEXTS)
    return body


async def measure(base: str, api_key: str) -> dict[str, Any]:
    rng = random.Random(11)
    headers = {"Authorization": f"Bearer {api_key}"}
    latencies: list[float] = []
    server_ms: list[float] = []
    searched = set()
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await wait_ready(client)
        for number in range(REQUESTS + WARM_UP):
            body = criteria(rng)
            started = time.perf_counter()
            answer = await client.post("/api/v1/claude/properties/match", json=body, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            answer.raise_for_status()
            if number >= WARM_UP:
                latencies.append(elapsed)
                server_ms.append(answer.json()["processing_time_ms"])
                searched.add(answer.json()["searched"])
    return {
        "http_round_trip": summarise(latencies),
        "in_service": summarise(server_ms),
        "searched": sorted(searched),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db"}
        cli("migrate", env=env)
        api_key = json.loads(cli("locations", "create", "Bench Realty", "--json", env=env))["api_key"]
        started = time.perf_counter()
        cli("properties", "import", "--csv", str(DATA), env=env)
        import_seconds = round(time.perf_counter() - started, 1)
        # The engine's fit is cached once per code version: pay for it here, not in the server's start-up.
        load_local_engine(Settings().model_cache_dir)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port), "--no-worker"],
            env=env,
        )
        try:
            # The machine is shared: the load others put on it is part of what the latencies mean.
            load_before = [round(v, 2) for v in os.getloadavg()]
            result = asyncio.run(measure(f"http://127.0.0.1:{port}", api_key))
            result["load_average"] = {
                "before": load_before,
                "after": [round(v, 2) for v in os.getloadavg()],
            }
        finally:
            server.terminate()
            server.wait(timeout=10)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    path = write(
        "property_matching",
        {
            "commit": commit,
            "listings": DATA.name,
            "requests": REQUESTS,
            "concurrency": 1,
            "import_seconds_with_embeddings": import_seconds,
            **result,
        },
    )
    print(path.read_text())


if __name__ == "__main__":
    main()
