"""GHL webhook intake under load: 1,000 signed deliveries posted at once, on SQLite and on PostgreSQL.

The API (`enterprisehub serve --no-worker`) and the worker (`enterprisehub worker`) run as their own
processes, the fake GHL API in a thread here. Measures acknowledgement latency as the sender sees it
(from just before the POST to its answer, including any wait for a connection), then waits until every
event is processed and checks the fake got exactly one contact update per event.

    python -m benchmarks.ghl_webhooks  ->  benchmarks/results/ghl_webhooks.json
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from benchmarks.run import ROOT, _cli, _free_port, _wait_ready, summarise, write
from tests.fakes.ghl_server import FakeGhl

EVENTS = 1000
# On a small machine the worker's analysis competes with intake for CPU; "0" measures intake alone.
WORKER_DURING_INTAKE = os.environ.get("GHL_BENCH_WORKER_DURING_INTAKE", "1") == "1"
# `enterprisehub worker --niceness`: analysis yields the CPU to acknowledgements (0 = same priority).
WORKER_NICENESS = os.environ.get("GHL_BENCH_WORKER_NICENESS", "10")
POSTGRES_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
MESSAGES = [
    "We want to buy a 3 bedroom house this month, pre-approved for 450k",
    "Is the price negotiable? It seems high for the area",
    "Just looking for now, maybe next year",
    "Can we see it Saturday? We need to move within 2 weeks",
]


def _env(database_url: str, fake: FakeGhl, key: ed25519.Ed25519PrivateKey) -> dict[str, str]:
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENTERPRISEHUB_ENGINE": "local",
        "ENTERPRISEHUB_MODEL_CACHE_DIR": str(ROOT / "var" / "models"),
        "GHL_API_BASE_URL": fake.base_url,
        "GHL_WEBHOOK_ED25519_PUBLIC_KEY": public.decode(),
        # One location receives all 1,000 events here; GHL's real 100 per 10 s would make this run
        # take minutes without saying anything about intake. The limiter itself is tested separately.
        "GHL_RATE_LIMIT_MAX": "100000",
        "ENTERPRISEHUB_WORKER_POLL_SECONDS": "0.05",
        "ENTERPRISEHUB_LOG_LEVEL": "WARNING",
    }


def _payloads(ghl_location_id: str) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    return [
        {
            "type": "InboundMessage",
            "locationId": ghl_location_id,
            "contactId": f"bench{i}",
            "conversationId": f"conv{i}",
            "messageId": f"m{i}",
            "body": MESSAGES[i % len(MESSAGES)],
            "direction": "inbound",
            "messageType": "SMS",
            "webhookId": str(uuid.uuid4()),
            "timestamp": now,
        }
        for i in range(EVENTS)
    ]


async def _post_all(
    base: str, key: ed25519.Ed25519PrivateKey, payloads: list[dict[str, Any]], in_flight: int
) -> dict[str, Any]:
    bodies = [json.dumps(p).encode() for p in payloads]
    signed = [(body, base64.b64encode(key.sign(body)).decode()) for body in bodies]
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    gate = asyncio.Semaphore(in_flight)
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await _wait_ready(client)

        async def post(body: bytes, signature: str) -> None:
            async with gate:
                started = time.perf_counter()
                answer = await client.post(
                    "/api/v1/ghl/webhook", content=body, headers={"x-ghl-signature": signature}
                )
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[answer.status_code] += 1

        started = time.perf_counter()
        await asyncio.gather(*(post(body, signature) for body, signature in signed))
        elapsed = time.perf_counter() - started
    return {
        "in_flight": in_flight,
        **summarise(latencies),
        "statuses": {str(k): v for k, v in statuses.items()},
        "throughput_rps": round(len(latencies) / elapsed, 1),
    }


def _run(database_url: str, in_flight: int) -> dict[str, Any]:
    fake = FakeGhl().start()
    key = ed25519.Ed25519PrivateKey.generate()
    env = _env(database_url, fake, key)
    _cli("migrate", env=env)
    ghl_location_id = f"bench_{secrets.token_hex(4)}"
    _cli(
        "locations",
        "create",
        "Bench Realty",
        "--ghl-location-id",
        ghl_location_id,
        "--ghl-token",
        fake.token,
        "--json",
        env=env,
    )
    port = _free_port()
    cli = [sys.executable, "-m", "ghl_real_estate_ai.cli"]
    server = subprocess.Popen(
        [*cli, "serve", "--no-worker", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    worker: subprocess.Popen[bytes] | None = None
    if WORKER_DURING_INTAKE:
        worker = subprocess.Popen(
            [*cli, "worker", "--niceness", WORKER_NICENESS], env=env, stdout=subprocess.DEVNULL
        )
    try:
        payloads = _payloads(ghl_location_id)
        intake = asyncio.run(_post_all(f"http://127.0.0.1:{port}", key, payloads, in_flight))
        if worker is None:
            worker = subprocess.Popen(
                [*cli, "worker", "--niceness", WORKER_NICENESS], env=env, stdout=subprocess.DEVNULL
            )
        started = time.perf_counter()
        deadline = started + 600
        while len(fake.calls("PUT", "/contacts/bench")) < EVENTS and time.perf_counter() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # anything arriving late would be a duplicate: give it the chance to show
        updates = Counter(call.path for call in fake.calls("PUT", "/contacts/bench"))
        return {
            "acknowledgement": intake,
            "processed_contacts": len(updates),
            "contacts_updated_more_than_once": sum(1 for count in updates.values() if count > 1),
            "contacts_not_updated": EVENTS - len(updates),
            "ghl_requests": len(fake.requests),
            "drain_seconds_after_last_ack": round(time.perf_counter() - started, 2),
        }
    finally:
        for process in (server, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
        fake.stop()


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def main() -> None:
    in_flight_levels = [int(x) for x in os.environ.get("GHL_BENCH_IN_FLIGHT", "1000,64").split(",")]
    results: dict[str, Any] = {
        "events": EVENTS,
        "load_generator": "httpx, same machine",
        "api": "enterprisehub serve --no-worker (1 process)",
        "worker": f"enterprisehub worker --niceness {WORKER_NICENESS}",
        "worker_runs_during_intake": WORKER_DURING_INTAKE,
        "runs": [],
    }
    for in_flight in in_flight_levels:
        with tempfile.TemporaryDirectory() as scratch:
            print(f"sqlite, {in_flight} in flight ...", flush=True)
            run = _run(f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}", in_flight)
            results["runs"].append({"database": "sqlite", **run})
        name = f"enterprisehub_bench_{secrets.token_hex(4)}"
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
        try:
            print(f"postgresql, {in_flight} in flight ...", flush=True)
            base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
            run = _run(f"{base}/{name}", in_flight)
            results["runs"].append({"database": "postgresql", **run})
        finally:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    print(write("ghl_webhooks", {"ghl_webhooks": results}))


if __name__ == "__main__":
    main()
