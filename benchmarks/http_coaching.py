"""`make bench`: HTTP coaching against a real server, beside a trivial endpoint on the same server.

The server is `enterprisehub serve` in its own process (SQLite, the embedded defaults); the client is
httpx in this process. At each concurrency level the trivial endpoint (`GET /api/v1/ping`) is loaded
first, then `POST /api/v1/claude/coaching/real-time`, so the ratio shows what the coaching work costs
over the socket stack. A request shed with 503 (the server's admission, services/admission.py) is sent
again after its Retry-After, as a client is told to, and its latency runs from the first attempt; the
sheds are counted. The server's CPU time (its process and children, from /proc) over each load,
divided by the requests, shows what one answer costs the server whatever else runs on the machine.

The edge rate limits are raised for the run: a refused request (429) is not the floor being measured,
and one client address sends everything here. The limiter itself still runs on every request.

`--baseline DIR` measures another checkout (e.g. the commit before a refactor) the same way in the same
run, alternating with this one round by round, so load from other processes falls on both.

    python -m benchmarks.http_coaching [--baseline /path/to/checkout] [--repeats 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import (
    PROSPECT_MESSAGES,
    ROOT,
    cli,
    commit,
    free_port,
    summarise,
    tree_cpu_seconds,
    wait_ready,
    write,
)

COACHING = "/api/v1/claude/coaching/real-time"
LEVELS = (1, 16)
UNLIMITED = str(10**9)


@dataclass(frozen=True)
class Server:
    pid: int
    base_url: str
    api_key: str


@contextmanager
def serve(checkout: Path) -> Iterator[Server]:
    """A migrated, empty SQLite server of `checkout`, with its own code first on the path."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "PYTHONPATH": str(checkout),
            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/bench.db",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": str(checkout / "var" / "models"),
            "ENTERPRISEHUB_RATE_LIMIT_PER_KEY": UNLIMITED,
            "ENTERPRISEHUB_RATE_LIMIT_PER_TOKEN": UNLIMITED,
            "ENTERPRISEHUB_RATE_LIMIT_PER_ADDRESS": UNLIMITED,
        }
        cli("migrate", env=env, cwd=checkout)
        created = cli("locations", "create", "Bench Realty", "--json", env=env, cwd=checkout)
        api_key = json.loads(created)["api_key"]
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port)],
            env=env,
            cwd=checkout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield Server(process.pid, f"http://127.0.0.1:{port}", api_key)
        finally:
            process.terminate()
            process.wait(timeout=10)


async def _load(
    client: httpx.AsyncClient,
    server: Server,
    request: tuple[str, str],
    bodies: list[Any],
    concurrency: int,
    headers: dict[str, str],
) -> dict[str, Any]:
    method, path = request
    queue = list(bodies)
    latencies: list[float] = []
    errors = shed = 0

    async def worker() -> None:
        nonlocal errors, shed
        while queue:
            body = queue.pop()
            started = time.perf_counter()
            response = await client.request(method, path, json=body, headers=headers)
            while response.status_code == 503 and "retry-after" in response.headers:
                shed += 1  # as a real client does: come back when told, the wait counts in its latency
                await asyncio.sleep(float(response.headers["retry-after"]))
                response = await client.request(method, path, json=body, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    cpu_before, started = tree_cpu_seconds(server.pid), time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.perf_counter() - started, tree_cpu_seconds(server.pid) - cpu_before
    return {
        **summarise(latencies),
        "errors": errors,
        "shed_then_retried": shed,
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / len(latencies), 3),
    }


def coaching_bodies(requests: int) -> list[dict[str, Any]]:
    rng = random.Random(7)
    return [
        {
            "agent_id": f"agent_{i % 50}",
            "conversation_context": {"lead_id": f"lead_{i % 400}"},
            "prospect_message": rng.choice(PROSPECT_MESSAGES),
            "conversation_stage": "discovery",
        }
        for i in range(requests)
    ]


async def measure(server: Server, requests: int, levels: tuple[int, ...]) -> list[dict[str, Any]]:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30, limits=limits) as client:
        await wait_ready(client)
        headers = {"Authorization": f"Bearer {server.api_key}"}
        coaching = coaching_bodies(requests)
        await _load(client, server, ("POST", COACHING), coaching[:100], 4, headers)  # warm-up
        runs = []
        for concurrency in levels:
            trivial = await _load(client, server, ("GET", "/api/v1/ping"), [None] * requests, concurrency, {})
            coached = await _load(client, server, ("POST", COACHING), coaching, concurrency, headers)
            runs.append(
                {
                    "concurrency": concurrency,
                    "trivial_endpoint": trivial,
                    "coaching_endpoint": coached,
                    "ratio_p50": round(coached["p50_ms"] / trivial["p50_ms"], 2),
                    "ratio_p99": round(coached["p99_ms"] / trivial["p99_ms"], 2),
                    "ratio_throughput": round(trivial["throughput_rps"] / coached["throughput_rps"], 2),
                }
            )
    return runs


def run(checkouts: dict[str, Path], repeats: int, requests: int) -> dict[str, Any]:
    rounds: dict[str, list[dict[str, Any]]] = {name: [] for name in checkouts}
    for round_number in range(repeats):
        order = list(checkouts.items())
        for name, checkout in order if round_number % 2 == 0 else reversed(order):
            print(f"{name} round {round_number + 1} ...", flush=True)
            load_before = os.getloadavg()[0]
            with serve(checkout) as server:
                runs = asyncio.run(measure(server, requests, LEVELS))
            rounds[name].append(
                {"load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)], "runs": runs}
            )
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in the same run")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1500)
    args = parser.parse_args()
    checkouts = {"this": ROOT}
    baseline = None
    if args.baseline:
        checkouts = {"baseline": args.baseline.resolve(), **checkouts}
        baseline = {"path": str(args.baseline), "commit": commit(args.baseline)}
    report = {
        "database": "sqlite",
        "server_workers": 1,
        "load_generator": "httpx, same machine",
        "edge_rate_limits": "raised for the run (the limiter still runs)",
        "server_settings_from_environment": {
            name: value for name, value in os.environ.items() if name.startswith("ENTERPRISEHUB_")
        },
        "baseline": baseline,
        "rounds": run(checkouts, args.repeats, args.requests),
    }
    print(write("http_coaching", {"http": report}))


if __name__ == "__main__":
    main()
