"""The real-time hub under load: N agents on real WebSockets, each sending a prospect message every 2 s.

For each N the server is started afresh (`enterprisehub serve`, its own process; SQLite and the
in-process broker by default, or PostgreSQL + Redis with several workers for the scale-out setup).
The agents live in this process. Reported per N:
- connect: WebSocket handshake time per agent (p50/p99);
- round trip: from sending a prospect message to the first coaching event it produces (p50/p99);
- lost: answers that never came, and gaps in any topic's event ids;
- memory per connection: the server's resident memory after connecting and subscribing, minus before;
- CPU: server and load generator seconds per second of traffic (2 cores = 2.0 in all).

    python -m benchmarks.realtime_hub  ->  benchmarks/results/realtime_hub.json
    REALTIME_BENCH_AGENTS=100,1000 REALTIME_BENCH_SECONDS=10 python -m benchmarks.realtime_hub
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from benchmarks.common import (
    MODEL_CACHE,
    cli,
    free_port,
    process_tree,
    rss_bytes,
    summarise,
    tree_cpu_seconds,
    wait_ready,
    write,
)
from benchmarks.ghl_webhooks import POSTGRES_ADMIN_DSN, _admin
from ghl_real_estate_ai.clock import system_clock
from ghl_real_estate_ai.realtime.broker import Retention
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub, coaching_topics

AGENTS = tuple(int(n) for n in os.environ.get("REALTIME_BENCH_AGENTS", "100,500,1000,2000").split(","))
TRAFFIC_SECONDS = float(os.environ.get("REALTIME_BENCH_SECONDS", "20"))
SEND_INTERVAL_S = 2.0
DRAIN_SECONDS = 10.0
DRAIN_POLL_S = 0.1
CONNECTS_AT_ONCE = 50
CORPUS = Path(__file__).resolve().parents[1] / "ghl_real_estate_ai/intelligence/local/data/training.jsonl"


def prospect_messages() -> list[str]:
    """The engine's own hand-written corpus: varied real-estate messages in English and Spanish."""
    return [json.loads(line)["message"] for line in CORPUS.read_text().splitlines() if line.strip()]


@dataclass
class Agent:
    agent_id: str
    token: str
    socket: ClientConnection | None = None
    connect_ms: float = 0.0
    pending: deque[float] = field(default_factory=deque)
    round_trips_ms: list[float] = field(default_factory=list)
    deliveries_ms: list[float] = field(default_factory=list)
    last_event_ids: dict[str, int] = field(default_factory=dict)
    id_gaps: int = 0
    dropped_notices: int = 0
    sent: int = 0
    closing: bool = False
    closed: str | None = None

    def on_message(self, raw: str | bytes) -> None:
        message = json.loads(raw)
        if message["type"] == "error" and message.get("code") == "events_dropped":
            self.dropped_notices += 1
        if message["type"] != "event":
            return
        topic, event_id = message["topic"], message["event_id"]
        self.id_gaps += max(0, event_id - self.last_event_ids.get(topic, 0) - 1)
        self.last_event_ids[topic] = event_id
        # The first event of every answer is its suggestions; answers come back in order per agent.
        if topic.endswith(".suggestions") and self.pending:
            self.round_trips_ms.append((time.perf_counter() - self.pending.popleft()) * 1000)
        elif topic.endswith(".suggestions"):  # published by another worker (delivery mode)
            published = datetime.fromisoformat(message["ts"])
            self.deliveries_ms.append((datetime.now(UTC) - published).total_seconds() * 1000)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    api_key: str
    location_id: str

    def rss_bytes(self) -> int:
        return sum(rss_bytes(pid) for pid in process_tree(self.process.pid))

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid)


def _raise_open_file_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def start_server(env: dict[str, str], workers: int) -> Server:
    port = free_port()
    cli("migrate", env=env)
    tenant = json.loads(cli("locations", "create", f"Hub Bench {port}", "--json", env=env))
    command = [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port), "--no-worker"]
    process = subprocess.Popen([*command, "--workers", str(workers)], env=env)
    server = Server(process, f"http://127.0.0.1:{port}", tenant["api_key"], tenant["location_id"])

    async def ready() -> None:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=5) as client:
            await wait_ready(client)

    try:
        asyncio.run(ready())
    except BaseException:
        process.terminate()  # never leave a server behind
        raise
    time.sleep(1.0 if workers > 1 else 0.2)  # every worker listening, not only the first
    return server


async def _tokens(server: Server, count: int) -> list[Agent]:
    limits = httpx.Limits(max_connections=32)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=30, limits=limits) as client:
        gate = asyncio.Semaphore(32)

        async def issue(index: int) -> Agent:
            agent_id = f"agent_{index:05d}"
            async with gate:
                response = await client.post(
                    "/api/v1/auth/agent-token",
                    json={"agent_id": agent_id},
                    headers={"Authorization": f"Bearer {server.api_key}"},
                )
            response.raise_for_status()
            return Agent(agent_id, response.json()["token"])

        return list(await asyncio.gather(*(issue(i) for i in range(count))))


async def _connect(server: Server, agent: Agent, gate: asyncio.Semaphore) -> None:
    url = server.base_url.replace("http://", "ws://") + f"/ws/coaching?token={agent.token}"
    async with gate:
        started = time.perf_counter()
        agent.socket = await connect(url, open_timeout=60, max_queue=None)
        agent.connect_ms = (time.perf_counter() - started) * 1000
        topics = coaching_topics(agent.agent_id)
        await agent.socket.send(json.dumps({"type": "subscribe", "topics": topics}))
        await agent.socket.send(json.dumps({"type": "ping"}))
        while json.loads(await agent.socket.recv()).get("type") != "pong":
            pass  # subscribed once the ping sent after it is answered


async def _listen(agent: Agent) -> None:
    assert agent.socket is not None
    try:
        async for raw in agent.socket:
            agent.on_message(raw)
    except ConnectionClosed as closed:
        if not agent.closing:  # closed by the server while the agent was still working
            agent.closed = f"{closed.rcvd.code if closed.rcvd else 'none'}"


async def _every_interval(
    agent: Agent, messages: list[str], start: float, until: float
) -> AsyncIterator[str]:
    """A message to send every SEND_INTERVAL_S until `until`, each agent at its own offset (agents spread
    over the interval), counted as sent."""
    rng = random.Random(agent.agent_id)
    next_send = start + rng.uniform(0, SEND_INTERVAL_S)
    while next_send < until:
        await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
        agent.sent += 1
        yield rng.choice(messages)
        next_send += SEND_INTERVAL_S


async def _talk(agent: Agent, messages: list[str], start: float, until: float) -> None:
    assert agent.socket is not None
    async for message in _every_interval(agent, messages, start, until):
        agent.pending.append(time.perf_counter())
        body = {"type": "prospect_message", "lead_id": f"lead_{agent.agent_id}", "message": message}
        try:
            await agent.socket.send(json.dumps(body))
        except ConnectionClosed:
            return


async def _publish_for(
    hub: RealtimeWebSocketHub, location_id: str, agent: Agent, messages: list[str], start: float, until: float
) -> None:
    """Another worker coaching this agent: the hub's delivery alone, without the analysis before it."""
    async for message in _every_interval(agent, messages, start, until):
        await hub.broadcast_coaching_suggestions(
            agent.agent_id, location_id, [message], "medium", "discovery"
        )


def _settled(agents: list[Agent], mode: str) -> bool:
    if mode == "coaching":
        return not any(agent.pending for agent in agents)
    return all(len(agent.deliveries_ms) >= agent.sent for agent in agents)


async def _drain(agents: list[Agent], mode: str) -> None:
    """What is still in flight when sending stops gets a while to arrive."""
    for _ in range(round(DRAIN_SECONDS / DRAIN_POLL_S)):  # polled: a thousand listeners update these
        if _settled(agents, mode):
            return
        await asyncio.sleep(DRAIN_POLL_S)


async def _run(server: Server, count: int, messages: list[str], mode: str, redis_url: str) -> dict[str, Any]:
    agents = await _tokens(server, count)
    rss_before = server.rss_bytes()
    gate = asyncio.Semaphore(CONNECTS_AT_ONCE)
    connect_started = time.perf_counter()
    await asyncio.gather(*(_connect(server, agent, gate) for agent in agents))
    connect_seconds = time.perf_counter() - connect_started
    await asyncio.sleep(1.0)  # let the server settle before reading its memory
    rss_connected = server.rss_bytes()

    listeners = [asyncio.create_task(_listen(agent)) for agent in agents]
    cpu_server, cpu_self = server.cpu_seconds(), time.process_time()
    start = time.perf_counter()
    if mode == "coaching":
        await asyncio.gather(*(_talk(agent, messages, start, start + TRAFFIC_SECONDS) for agent in agents))
    else:
        broker = RedisBroker.from_url(redis_url, system_clock, Retention(events=1000, seconds=3600))
        await broker.start()
        hub = RealtimeWebSocketHub(broker, queue_capacity=256)
        try:
            await asyncio.gather(
                *(
                    _publish_for(hub, server.location_id, agent, messages, start, start + TRAFFIC_SECONDS)
                    for agent in agents
                )
            )
        finally:
            await broker.close()
    traffic_seconds = time.perf_counter() - start
    cpu_server, cpu_self = server.cpu_seconds() - cpu_server, time.process_time() - cpu_self
    cpu_until_drained = server.cpu_seconds()
    await _drain(agents, mode)
    cpu_until_drained = server.cpu_seconds() - cpu_until_drained + cpu_server

    for agent in agents:
        assert agent.socket is not None
        agent.closing = True
        await agent.socket.close()
    await asyncio.gather(*listeners, return_exceptions=True)

    sent = sum(agent.sent for agent in agents)
    round_trips = [ms for agent in agents for ms in agent.round_trips_ms]
    deliveries = [ms for agent in agents for ms in agent.deliveries_ms]
    outcome = (
        {"round_trip_ms": summarise(round_trips), "answers_missing": sum(len(a.pending) for a in agents)}
        if mode == "coaching"
        else {"delivery_ms": summarise(deliveries), "events_missing": sent - len(deliveries)}
    )
    return {
        "agents": count,
        "connect": {
            **summarise([agent.connect_ms for agent in agents]),
            "all_connected_seconds": round(connect_seconds, 2),
        },
        "messages_sent": sent,
        "messages_per_second": round(sent / traffic_seconds, 1),
        **outcome,
        "event_id_gaps": sum(agent.id_gaps for agent in agents),
        "dropped_notices": sum(agent.dropped_notices for agent in agents),
        # Close codes the agents saw while still working ("none": the connection failed without one).
        "closed_by_server": dict(Counter(agent.closed for agent in agents if agent.closed is not None)),
        "memory_per_connection_kib": round((rss_connected - rss_before) / count / 1024, 1),
        "server_rss_mib": round(rss_connected / 2**20, 1),
        # What one answer (or one delivered event) cost the server, from the first send until drained.
        "server_cpu_ms_per_answer": round(
            cpu_until_drained * 1000 / max(len(round_trips + deliveries), 1), 2
        ),
        "cpu_cores_busy": {
            "server": round(cpu_server / traffic_seconds, 2),
            "load_generator": round(cpu_self / traffic_seconds, 2),
        },
    }


def measure(setup: str, env: dict[str, str], workers: int, mode: str) -> list[dict[str, Any]]:
    messages = prospect_messages()
    runs = []
    for count in AGENTS:
        print(f"  {setup} ({mode}): {count} agents ...", flush=True)
        server = start_server(env, workers)
        try:
            run = asyncio.run(_run(server, count, messages, mode, env.get("REDIS_URL", "")))
        finally:
            server.process.terminate()
            server.process.wait(timeout=30)
        latency = run.get("round_trip_ms") or run.get("delivery_ms")
        print(f"    {latency}", flush=True)
        runs.append(run)
    return runs


def _base_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENTERPRISEHUB_ENGINE": "local",
        "ENTERPRISEHUB_MODEL_CACHE_DIR": MODEL_CACHE,
        "ENTERPRISEHUB_LOG_LEVEL": "WARNING",
    }


SETUPS = {
    "embedded": ("coaching", 1, "enterprisehub serve, 1 process, SQLite, in-process broker"),
    "scaled": ("coaching", 2, "enterprisehub serve --workers 2, PostgreSQL, Redis broker"),
    "delivery": (
        "delivery",
        1,
        "enterprisehub serve, 1 process, Redis broker; the load tool publishes coaching events for each "
        "agent as another worker would (no analysis): the hub's fan-out alone",
    ),
}


@contextmanager
def _postgres_database() -> Iterator[str]:
    name = f"enterprisehub_hub_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        yield f"{base}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _environment(setup: str, tmp: str, stack: ExitStack) -> dict[str, str]:
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if setup == "embedded":
        return _base_env(f"sqlite+aiosqlite:///{tmp}/hub.db")
    if setup == "scaled":
        return {**_base_env(stack.enter_context(_postgres_database())), "REDIS_URL": redis_url}
    return {**_base_env(f"sqlite+aiosqlite:///{tmp}/delivery.db"), "REDIS_URL": redis_url}


def main() -> None:
    _raise_open_file_limit()
    chosen = os.environ.get("REALTIME_BENCH_SETUPS", ",".join(SETUPS)).split(",")
    results: dict[str, Any] = {
        "agents_send_every_s": SEND_INTERVAL_S,
        "traffic_seconds": TRAFFIC_SECONDS,
        "load_generator": "websockets (asyncio), same machine, one process",
        "setups": {},
    }
    for setup in chosen:
        mode, workers, description = SETUPS[setup]
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
            env = _environment(setup, tmp, stack)
            results["setups"][setup] = {
                "server": description,
                "measures": "send -> first coaching event" if mode == "coaching" else "publish -> receive",
                "runs": measure(setup, env, workers, mode),
            }
    print(write("realtime_hub", {"realtime_hub": results}))


if __name__ == "__main__":
    main()
