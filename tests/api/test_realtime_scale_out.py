"""Two `enterprisehub serve` processes sharing Redis and PostgreSQL behave as one hub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import httpx
import pytest
from websockets.asyncio.client import connect

from ghl_real_estate_ai.storage.database import Database
from tests.api.test_realtime import (
    PRICE_OBJECTION,
    agent_id,
    call,
    coach_over_http,
    events_of,
    receive,
    socket_url,
    token_for,
    topics,
)
from tests.conftest import MODEL_CACHE, RunningServer, Tenant, make_tenant
from tests.support.servers import free_port

START_TIMEOUT_S = 60


@dataclass
class Worker:
    server: RunningServer
    process: subprocess.Popen[bytes]


def start_worker(database_url: str, redis_url: str) -> Worker:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ENTERPRISEHUB_ENV": "test",
        "ENTERPRISEHUB_ENGINE": "local",
        "ENTERPRISEHUB_MODEL_CACHE_DIR": str(MODEL_CACHE),
        "ENTERPRISEHUB_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port), "--no-worker"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{base_url}/api/v1/ping", timeout=1).status_code == 200:
                return Worker(RunningServer(base_url, database_url), process)
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


@pytest.fixture(scope="module")
def workers(postgres_url: str, redis_url: str) -> Iterator[tuple[RunningServer, RunningServer]]:
    first, second = start_worker(postgres_url, redis_url), start_worker(postgres_url, redis_url)
    try:
        yield first.server, second.server
    finally:
        for worker in (first, second):
            worker.process.terminate()
            worker.process.wait(timeout=30)


@pytest.fixture
async def tenant_pg(postgres_url: str) -> AsyncIterator[Tenant]:
    database = Database(postgres_url)
    yield await make_tenant(database)
    await database.dispose()


@pytest.fixture
async def clients(
    workers: tuple[RunningServer, RunningServer],
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """An HTTP client of each worker."""
    first, second = workers
    async with (
        httpx.AsyncClient(base_url=first.base_url, timeout=10) as on_first,
        httpx.AsyncClient(base_url=second.base_url, timeout=10) as on_second,
    ):
        yield on_first, on_second


async def test_an_agent_on_the_first_worker_receives_coaching_made_by_the_second(
    workers: tuple[RunningServer, RunningServer],
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    tenant_pg: Tenant,
) -> None:
    (first, _), (on_first, on_second) = workers, clients
    agent = agent_id()
    token = await token_for(on_first, tenant_pg, agent)
    async with connect(socket_url(first, token)) as socket:
        assert await call(socket, {"type": "subscribe", "topics": topics(agent)}) is None
        analysis_id = await coach_over_http(on_second, tenant_pg, agent)
        received = await events_of(socket, analysis_id)
    assert received[-1]["topic"] == f"coaching.{agent}.suggestions"
    assert received[-1]["event_id"] == 1


async def test_a_prospect_message_sent_on_one_worker_reaches_the_agents_socket_on_the_other(
    workers: tuple[RunningServer, RunningServer], tenant_pg: Tenant
) -> None:
    first, second = workers
    agent = agent_id()
    async with httpx.AsyncClient(base_url=first.base_url, timeout=10) as http:
        token = await token_for(http, tenant_pg, agent)
    async with connect(socket_url(first, token)) as dashboard, connect(socket_url(second, token)) as phone:
        assert await call(dashboard, {"type": "subscribe", "topics": topics(agent)}) is None
        await phone.send(json.dumps({"type": "prospect_message", "message": PRICE_OBJECTION}))
        event = await receive(dashboard)
    assert event["topic"] == f"coaching.{agent}.suggestions"
    assert str(event["analysis_id"]).startswith("ana_")


async def test_the_same_agent_id_of_another_location_receives_nothing_across_workers(
    workers: tuple[RunningServer, RunningServer],
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    tenant_pg: Tenant,
    postgres_url: str,
) -> None:
    (first, _), (on_first, on_second) = workers, clients
    database = Database(postgres_url)
    other = await make_tenant(database, "Other Realty")
    await database.dispose()
    agent = agent_id()
    token = await token_for(on_first, other, agent)
    async with connect(socket_url(first, token)) as socket:
        assert await call(socket, {"type": "subscribe", "topics": topics(agent)}) is None
        await coach_over_http(on_second, tenant_pg, agent)  # the other location's agent of that id
        theirs = await coach_over_http(on_second, other, agent)
        first_event = await receive(socket)
    assert first_event["analysis_id"] == theirs


async def test_an_agent_resuming_on_the_other_worker_gets_what_it_missed_in_order_and_once(
    workers: tuple[RunningServer, RunningServer],
    clients: tuple[httpx.AsyncClient, httpx.AsyncClient],
    tenant_pg: Tenant,
) -> None:
    (first, second), (on_first, on_second) = workers, clients
    agent = agent_id()
    suggestions = f"coaching.{agent}.suggestions"
    token = await token_for(on_first, tenant_pg, agent)
    async with connect(socket_url(first, token)) as socket:
        assert await call(socket, {"type": "subscribe", "topics": [suggestions]}) is None
        seen = await coach_over_http(on_first, tenant_pg, agent)
        last = await receive(socket)
        assert last["analysis_id"] == seen
    missed = [await coach_over_http(on_second, tenant_pg, agent) for _ in range(3)]
    async with connect(socket_url(second, token)) as socket:
        await socket.send(json.dumps({"type": "resume", "last_event_id": {suggestions: last["event_id"]}}))
        replayed = [await receive(socket) for _ in missed]
        after = await coach_over_http(on_first, tenant_pg, agent)
        live = await receive(socket)
    assert [event["analysis_id"] for event in replayed] == missed
    assert [event["event_id"] for event in replayed] == [2, 3, 4]
    assert (live["analysis_id"], live["event_id"]) == (after, 5)
