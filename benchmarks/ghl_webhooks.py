"""GHL webhook intake under load: 1,000 signed deliveries posted at once, on SQLite and on PostgreSQL.

The API (`enterprisehub serve --no-worker`) and the worker (`enterprisehub worker`) run as their own
processes, the fake GHL API in a thread here. Measures acknowledgement latency as the sender sees it
(from just before connecting or writing the request to the last byte of its answer), then waits until
every event is processed and checks the fake got exactly one contact update per event. The floor: the
same load against a server that does no work (`benchmarks.ghl_floor`), the best this machine can do.

    python -m benchmarks.ghl_webhooks  ->  benchmarks/results/ghl_webhooks.json
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import uvloop
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from benchmarks.common import ROOT, cli, cpu_seconds, free_port, summarise, wait_ready, write
from tests.fakes.ghl_server import FakeGhl

EVENTS = 1000
WARM_UP_EVENTS = 100
WEBHOOK = "/api/v1/ghl/webhook"
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


def _payloads(ghl_location_id: str, prefix: str = "bench", events: int = EVENTS) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    return [
        {
            "type": "InboundMessage",
            "locationId": ghl_location_id,
            "contactId": f"{prefix}{i}",
            "conversationId": f"{prefix}-conv{i}",
            "messageId": f"{prefix}-m{i}",
            "body": MESSAGES[i % len(MESSAGES)],
            "direction": "inbound",
            "messageType": "SMS",
            "webhookId": str(uuid.uuid4()),
            "timestamp": now,
        }
        for i in range(events)
    ]


def _warm_up(ghl_location_id: str) -> list[dict[str, Any]]:
    """EVENTS deliveries of WARM_UP_EVENTS events (the rest are replays, acknowledged as duplicates):
    a server that has run a while, not one answering its first requests, with little extra work."""
    distinct = _payloads(ghl_location_id, "warm", WARM_UP_EVENTS)
    return [distinct[i % WARM_UP_EVENTS] for i in range(EVENTS)]


def _requests(port: int, key: ed25519.Ed25519PrivateKey, payloads: list[dict[str, Any]]) -> list[bytes]:
    """Each delivery as the exact bytes of its HTTP/1.1 request, signed ahead of time."""
    requests = []
    for payload in payloads:
        body = json.dumps(payload).encode()
        signature = base64.b64encode(key.sign(body)).decode()
        head = (
            f"POST {WEBHOOK} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"x-ghl-signature: {signature}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    return requests


def _head(head: bytes) -> tuple[int, int, bool]:
    """Status, Content-Length and whether the server will close the connection."""
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.lower().split(b": ", 1) for line in lines[1:] if b": " in line)
    return status, int(headers.get(b"content-length", b"0")), headers.get(b"connection") == b"close"


async def _send_all(port: int, requests: list[bytes], in_flight: int) -> dict[str, Any]:
    """`in_flight` keep-alive connections, each sending its next request as soon as it has an answer.

    Latency is what the sender sees: from just before connecting (first request on a connection) or
    writing the request, to the last byte of the answer. Raw streams, not an HTTP client library: on a
    2-CPU machine a heavier client would measure itself.
    """
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    pending = iter(requests)

    async def connection() -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        for request in pending:
            started = time.perf_counter()
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                status, length, close = _head(await reader.readuntil(b"\r\n\r\n"))
                await reader.readexactly(length)
            except (OSError, asyncio.IncompleteReadError) as error:
                statuses[type(error).__name__] += 1
                writer, reader = None, None
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[str(status)] += 1
            if close:
                writer.close()
                writer, reader = None, None
        if writer is not None:
            writer.close()

    cpu_before = resource.getrusage(resource.RUSAGE_THREAD)
    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(in_flight)))
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_THREAD)
    return {
        "in_flight": in_flight,
        **summarise(latencies),
        "statuses": dict(statuses),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "seconds": round(elapsed, 3),
        "load_generator_cpu_seconds": round(
            (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime), 3
        ),
    }


async def _send_at_rate(port: int, requests: list[bytes], rate: float) -> dict[str, Any]:
    """Open loop: request i is due at start + i / rate whatever the answers before it, sent on an idle
    keep-alive connection (a new one when none is idle). Latency runs from the moment it was due, so a
    sender or server falling behind shows in the figures instead of slowing the offered rate."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    opened = 0

    async def one(request: bytes, due: float) -> None:
        nonlocal opened
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        try:
            if idle:
                reader, writer = idle.pop()
            else:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                opened += 1
            writer.write(request)
            status, length, close = _head(await reader.readuntil(b"\r\n\r\n"))
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError) as error:
            statuses[type(error).__name__] += 1
            return
        latencies.append((time.perf_counter() - due) * 1000)
        statuses[str(status)] += 1
        if close:
            writer.close()
        else:
            idle.append((reader, writer))

    cpu_before = resource.getrusage(resource.RUSAGE_THREAD)
    start = time.perf_counter() + 0.2
    await asyncio.gather(*(one(request, start + i / rate) for i, request in enumerate(requests)))
    elapsed = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_THREAD)
    for _, writer in idle:
        writer.close()
    return {
        "offered_rps": rate,
        **summarise(latencies),
        "statuses": dict(statuses),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "seconds": round(elapsed, 3),
        "connections_opened": opened,
        "load_generator_cpu_seconds": round(
            (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime), 3
        ),
    }


async def _ready(port: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        await wait_ready(client)


@dataclass(frozen=True)
class Load:
    """How the events are posted: `in_flight` at once (closed loop), or at `rate` a second (open loop)."""

    in_flight: int
    events: int = EVENTS
    rate: float | None = None


def _intake(
    port: int, server_pid: int, key: ed25519.Ed25519PrivateKey, ghl_location_id: str, load: Load
) -> dict[str, Any]:
    """Warm the server up, then post the load's new events and measure; the server's CPU time per
    request comes with the answers."""
    warm_up = _requests(port, key, _warm_up(ghl_location_id))
    requests = _requests(port, key, _payloads(ghl_location_id, events=load.events))
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(_ready(port))
        warm = runner.run(_send_all(port, warm_up, load.in_flight))
        cpu_before = cpu_seconds(server_pid)
        if load.rate is None:
            measured = runner.run(_send_all(port, requests, load.in_flight))
        else:
            measured = runner.run(_send_at_rate(port, requests, load.rate))
        cpu = cpu_seconds(server_pid) - cpu_before
    return {
        **measured,
        "server_cpu_ms_per_request": round(1000 * cpu / max(measured["count"], 1), 3),
        "warm_up": {key: warm[key] for key in ("count", "p50_ms", "p99_ms", "throughput_rps", "statuses")},
    }


def _floor(load: Load) -> dict[str, Any]:
    """The same load against `benchmarks.ghl_floor`: uvicorn as `serve` runs it, answering 200 with no
    work. The best this machine can do for this many requests at once."""
    key = ed25519.Ed25519PrivateKey.generate()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.ghl_floor", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL
    )
    try:
        return _intake(port, server.pid, key, "floor", load)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _run(database_url: str, load: Load) -> dict[str, Any]:
    fake = FakeGhl().start()
    key = ed25519.Ed25519PrivateKey.generate()
    env = _env(database_url, fake, key)
    cli("migrate", env=env)
    ghl_location_id = f"bench_{secrets.token_hex(4)}"
    cli(
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
    port = free_port()
    command = [sys.executable, "-m", "ghl_real_estate_ai.cli"]
    server = subprocess.Popen(
        [*command, "serve", "--no-worker", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    worker: subprocess.Popen[bytes] | None = None
    if WORKER_DURING_INTAKE:
        worker = subprocess.Popen(
            [*command, "worker", "--niceness", WORKER_NICENESS], env=env, stdout=subprocess.DEVNULL
        )
    try:
        intake = _intake(port, server.pid, key, ghl_location_id, load)
        if worker is None:
            worker = subprocess.Popen(
                [*command, "worker", "--niceness", WORKER_NICENESS], env=env, stdout=subprocess.DEVNULL
            )
        started = time.perf_counter()
        deadline = started + 600
        while len(fake.calls("PUT", "/contacts/bench")) < load.events and time.perf_counter() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # anything arriving late would be a duplicate: give it the chance to show
        updates = Counter(call.path for call in fake.calls("PUT", "/contacts/bench"))
        warm_updates = Counter(call.path for call in fake.calls("PUT", "/contacts/warm"))
        return {
            "acknowledgement": intake,
            "processed_contacts": len(updates),
            "contacts_updated_more_than_once": sum(1 for count in updates.values() if count > 1),
            "contacts_not_updated": load.events - len(updates),
            "warm_up_contacts_updated_once": sum(1 for count in warm_updates.values() if count == 1),
            "warm_up_contacts_updated_more_than_once": sum(1 for count in warm_updates.values() if count > 1),
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


def _on_both_databases(load: Load) -> list[dict[str, Any]]:
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        print("  sqlite ...", flush=True)
        runs.append({"database": "sqlite", **_run(f"sqlite+aiosqlite:///{Path(scratch) / 'bench.db'}", load)})
    name = f"enterprisehub_bench_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        print("  postgresql ...", flush=True)
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        runs.append({"database": "postgresql", **_run(f"{base}/{name}", load)})
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return runs


def main() -> None:
    in_flight_levels = [int(x) for x in os.environ.get("GHL_BENCH_IN_FLIGHT", "1000,32,4").split(",") if x]
    sustained_rps = float(os.environ.get("GHL_BENCH_SUSTAINED_RPS", "300"))
    sustained_seconds = float(os.environ.get("GHL_BENCH_SUSTAINED_SECONDS", "20"))
    results: dict[str, Any] = {
        "events": EVENTS,
        "load_generator": (
            "raw HTTP/1.1 keep-alive connections (asyncio streams on uvloop), one per request in flight, "
            "bodies signed ahead of time; same machine"
        ),
        "latency": "from just before connecting/writing the request to the last byte of its answer",
        "warm_up": (
            f"before each measurement, {EVENTS} deliveries of {WARM_UP_EVENTS} events at the same in-flight "
            "count (replays answered as duplicates); its figures are kept as warm_up"
        ),
        "floor_server": "benchmarks.ghl_floor: uvicorn as `enterprisehub serve` runs it, 200 with no work",
        "floor": [],
        "api": "enterprisehub serve --no-worker (1 process)",
        "worker": f"enterprisehub worker --niceness {WORKER_NICENESS}",
        "worker_runs_during_intake": WORKER_DURING_INTAKE,
        "runs": [],
    }
    for in_flight in in_flight_levels:
        print(f"floor, {in_flight} in flight ...", flush=True)
        floor = _floor(Load(in_flight))
        results["floor"].append(floor)
        print(f"{in_flight} in flight ...", flush=True)
        for run in _on_both_databases(Load(in_flight)):
            # The same load against the no-work server, measured minutes apart at most: what intake adds.
            run["acknowledgement"]["ratio_to_floor_seconds"] = round(
                run["acknowledgement"]["seconds"] / floor["seconds"], 2
            )
            results["runs"].append(run)
            print(f"    {run['database']}: {run['acknowledgement']['ratio_to_floor_seconds']}x the floor")
    if sustained_rps > 0:
        load = Load(in_flight=32, events=round(sustained_rps * sustained_seconds), rate=sustained_rps)
        print(f"sustained {sustained_rps:g}/s for {sustained_seconds:g} s: floor ...", flush=True)
        results["sustained"] = {"rate": sustained_rps, "seconds": sustained_seconds, "floor": _floor(load)}
        results["sustained"]["runs"] = _on_both_databases(load)
        for run in results["sustained"]["runs"]:
            print(f"    {run['database']}: ack p99 {run['acknowledgement']['p99_ms']} ms", flush=True)
    results["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    # Intake alone (worker started after the last acknowledgement) is kept beside the default run.
    name = os.environ.get("GHL_BENCH_NAME") or (
        "ghl_webhooks" if WORKER_DURING_INTAKE else "ghl_webhooks_intake_only"
    )
    print(write(name, {"ghl_webhooks": results}))


if __name__ == "__main__":
    main()
