"""Dead and stuck clients: heartbeats close a peer that stops answering, a send that cannot go out
closes a client that stopped reading; both free the connection and say why."""

from __future__ import annotations

import asyncio
import secrets
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from ghl_real_estate_ai.clock import system_clock
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.realtime.broker import Retention
from ghl_real_estate_ai.realtime.redis_broker import RedisBroker
from ghl_real_estate_ai.services.realtime_websocket_hub import RealtimeWebSocketHub
from ghl_real_estate_ai.storage.database import Database
from tests.api.test_realtime import agent_id, call, socket_url, token_for, topics
from tests.conftest import RunningServer, Tenant, make_tenant
from tests.support.servers import serve_app

PING_S = 0.3
SEND_TIMEOUT_S = 1.0
CLOSE_WAIT_S = 15


def hub_server(
    database_url: str, redis_url: str, engine: LocalEngine, **settings: Any
) -> Iterator[RunningServer]:
    with serve_app(database_url, engine, REDIS_URL=redis_url, **settings) as served:
        yield RunningServer(served.base_url, database_url)


@pytest.fixture(scope="module")
def pinging_server(sqlite_url: str, redis_url: str, local_engine: LocalEngine) -> Iterator[RunningServer]:
    yield from hub_server(
        sqlite_url,
        redis_url,
        local_engine,
        ENTERPRISEHUB_HUB_PING_INTERVAL_SECONDS=PING_S,
        ENTERPRISEHUB_HUB_PING_TIMEOUT_SECONDS=PING_S,
    )


@pytest.fixture(scope="module")
def impatient_server(sqlite_url: str, redis_url: str, local_engine: LocalEngine) -> Iterator[RunningServer]:
    # Pings far apart: only the send timeout can close the client here.
    yield from hub_server(
        sqlite_url,
        redis_url,
        local_engine,
        ENTERPRISEHUB_HUB_PING_INTERVAL_SECONDS=300,
        ENTERPRISEHUB_HUB_SEND_TIMEOUT_SECONDS=SEND_TIMEOUT_S,
    )


async def sqlite_tenant(server: RunningServer) -> Tenant:
    database = Database(server.database_url)
    try:
        return await make_tenant(database)
    finally:
        await database.dispose()


async def open_connections(http: httpx.AsyncClient) -> int:
    body = (await http.get("/api/v1/claude/health")).json()
    return int(body["realtime"]["connections"])


async def wait_until_closed_by_server(http: httpx.AsyncClient) -> float:
    started = time.monotonic()
    while await open_connections(http) > 0:
        assert time.monotonic() - started < CLOSE_WAIT_S, "the server kept the stuck connection open"
        await asyncio.sleep(0.1)
    return time.monotonic() - started


def small_receive_buffer(url: str) -> socket.socket:
    """A client socket that holds little: without this, loopback's autotuned buffers take tens of MB
    before the server's sends have to wait."""
    address = urlsplit(url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
    sock.connect((address.hostname, address.port))
    return sock


async def close_code(socket: ClientConnection) -> tuple[int, str]:
    """Read on until the close frame; what the server said when it closed."""
    async with asyncio.timeout(CLOSE_WAIT_S):
        try:
            while True:
                await socket.recv()
        except ConnectionClosed as closed:
            frame = closed.rcvd
    assert frame is not None, "closed without a close frame"
    return frame.code, frame.reason


async def test_a_client_that_stops_answering_pings_is_closed_with_1011(pinging_server: RunningServer) -> None:
    tenant, agent = await sqlite_tenant(pinging_server), agent_id()
    async with httpx.AsyncClient(base_url=pinging_server.base_url, timeout=10) as http:
        url = socket_url(pinging_server, await token_for(http, tenant, agent))
        conn = await connect(url, ping_interval=None)
        assert await call(conn, {"type": "subscribe", "topics": topics(agent)}) is None
        assert await open_connections(http) == 1
        conn.transport.pause_reading()  # a frozen tab: nothing it receives is read, pings included
        await wait_until_closed_by_server(http)
        conn.transport.resume_reading()
        assert await close_code(conn) == (1011, "keepalive ping timeout")


async def test_a_client_that_answers_pings_stays_connected(pinging_server: RunningServer) -> None:
    tenant, agent = await sqlite_tenant(pinging_server), agent_id()
    async with httpx.AsyncClient(base_url=pinging_server.base_url, timeout=10) as http:
        url = socket_url(pinging_server, await token_for(http, tenant, agent))
        async with connect(url, ping_interval=None) as conn:
            assert await call(conn, {"type": "subscribe", "topics": topics(agent)}) is None
            await asyncio.sleep(PING_S * 8)  # many heartbeats, each answered by the client library
            assert await call(conn, {"type": "subscribe", "topics": topics(agent)}) is None
            assert await open_connections(http) == 1


async def test_a_client_that_stops_reading_under_traffic_is_closed_with_4408_and_told_to_resume(
    impatient_server: RunningServer, redis_url: str
) -> None:
    tenant, agent = await sqlite_tenant(impatient_server), agent_id()
    # Another worker publishing for this agent: large events (random, so that permessage-deflate
    # cannot shrink them) fill the socket buffers quickly.
    publisher = RedisBroker.from_url(redis_url, system_clock, Retention(events=100, seconds=60))
    await publisher.start()
    other_worker = RealtimeWebSocketHub(publisher, queue_capacity=10)
    async with httpx.AsyncClient(base_url=impatient_server.base_url, timeout=10) as http:
        url = socket_url(impatient_server, await token_for(http, tenant, agent))
        conn = await connect(url, ping_interval=None, max_size=None, sock=small_receive_buffer(url))
        try:
            assert await call(conn, {"type": "subscribe", "topics": topics(agent)}) is None
            conn.transport.pause_reading()
            for _ in range(40):
                await other_worker.broadcast_coaching_suggestions(
                    agent, tenant.location_id, [secrets.token_hex(500_000)], "low", "discovery"
                )
            waited = await wait_until_closed_by_server(http)
            conn.transport.resume_reading()
            code, reason = await close_code(conn)
        finally:
            await publisher.close()
    assert code == 4408
    assert "resume" in reason
    assert waited < CLOSE_WAIT_S
