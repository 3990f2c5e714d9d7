"""POST /api/v1/auth/agent-token and WS /ws/coaching against a real server, with real WebSocket clients."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.security.agent_tokens import AgentTokens
from ghl_real_estate_ai.settings import Settings
from tests.api.test_claude_engine import claude_server
from tests.conftest import RunningServer, Tenant, make_tenant
from tests.fakes.anthropic_server import FakeAnthropic, slow

KINDS = ("suggestions", "objections", "questions", "progress", "alerts")
RECEIVE_TIMEOUT_S = 10
PRICE_OBJECTION = "I'm not sure if I can afford this right now..."


def agent_id() -> str:
    return f"agent_{secrets.token_hex(4)}"


def topics(agent: str) -> list[str]:
    return [f"coaching.{agent}.{kind}" for kind in KINDS]


def socket_url(server: RunningServer, token: str) -> str:
    return server.base_url.replace("http://", "ws://") + f"/ws/coaching?token={token}"


async def token_for(client: httpx.AsyncClient, tenant: Tenant, agent: str) -> str:
    response = await client.post("/api/v1/auth/agent-token", json={"agent_id": agent}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


async def receive(socket: ClientConnection) -> dict[str, object]:
    message: dict[str, object] = json.loads(await asyncio.wait_for(socket.recv(), RECEIVE_TIMEOUT_S))
    return message


async def call(socket: ClientConnection, message: dict[str, object]) -> dict[str, object] | None:
    """Send a message, then a ping: the reply before the pong (if any) is this message's answer."""
    await socket.send(json.dumps(message))
    await socket.send(json.dumps({"type": "ping"}))
    first = await receive(socket)
    if first == {"type": "pong"}:
        return None
    assert await receive(socket) == {"type": "pong"}
    return first


async def coach_over_http(client: httpx.AsyncClient, tenant: Tenant, agent: str) -> str:
    response = await client.post(
        "/api/v1/claude/coaching/real-time",
        json={"agent_id": agent, "prospect_message": PRICE_OBJECTION, "conversation_stage": "discovery"},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["analysis_id"])


async def events_of(socket: ClientConnection, analysis_id: str) -> list[dict[str, object]]:
    """Every event up to and including the suggestions of `analysis_id` (the first event of an answer)."""
    seen = []
    while True:
        message = await receive(socket)
        assert message["type"] == "event", message
        seen.append(message)
        if message["analysis_id"] == analysis_id and str(message["topic"]).endswith(".suggestions"):
            return seen


class TestAgentToken:
    async def test_an_api_key_gets_a_token_that_expires_in_the_future(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/auth/agent-token", json={"agent_id": "agent_1"}, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert datetime.fromisoformat(body["expires_at"]) > datetime.now(UTC)
        assert "." in body["token"]

    async def test_without_an_api_key_there_is_no_token(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/auth/agent-token", json={"agent_id": "agent_1"})
        assert response.status_code == 401


class TestRefusedTokens:
    async def assert_closed_with_4401(self, server: RunningServer, token: str, reason_part: str) -> None:
        async with connect(socket_url(server, token)) as socket:
            with pytest.raises(ConnectionClosed) as closed:
                await receive(socket)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4401
        assert reason_part in closed.value.rcvd.reason

    async def test_a_token_whose_claims_were_changed_is_closed_with_4401(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        payload, _, signature = (await token_for(client, tenant, "agent_1")).partition(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["agt"] = "agent_2"  # try to open another agent's topics with a genuine signature
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        await self.assert_closed_with_4401(server, f"{forged}.{signature}", "invalid")

    async def test_a_token_signed_with_another_key_is_closed_with_4401(self, server: RunningServer) -> None:
        other = AgentTokens("someone-elses-key", lambda: datetime.now(UTC), timedelta(hours=1))
        await self.assert_closed_with_4401(server, other.issue("agent_1", "loc").token, "invalid")

    async def test_an_expired_token_is_closed_with_4401_and_says_expired(self, server: RunningServer) -> None:
        secret = Settings(ENTERPRISEHUB_ENV="test").secret_key.get_secret_value()
        yesterday = datetime.now(UTC) - timedelta(days=1)
        old = AgentTokens(secret, lambda: yesterday, timedelta(hours=1))
        await self.assert_closed_with_4401(server, old.issue("agent_1", "loc").token, "expired")

    async def test_no_token_is_closed_with_4401(self, server: RunningServer) -> None:
        await self.assert_closed_with_4401(server, "", "invalid")


class TestTopicsAreTheAgentsOwn:
    async def test_another_agents_topic_is_refused(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        token = await token_for(client, tenant, agent_id())
        async with connect(socket_url(server, token)) as socket:
            reply = await call(socket, {"type": "subscribe", "topics": topics(agent_id())[:1]})
        assert reply is not None
        assert reply["type"] == "error"
        assert reply["code"] == "forbidden_topic"

    async def test_the_same_agent_id_in_another_location_never_receives_its_coaching(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant, database_url: str
    ) -> None:
        from ghl_real_estate_ai.storage.database import Database

        database = Database(database_url)
        other = await make_tenant(database, "Other Realty")
        await database.dispose()
        agent = agent_id()
        async with connect(socket_url(server, await token_for(client, tenant, agent))) as socket:
            assert await call(socket, {"type": "subscribe", "topics": topics(agent)}) is None
            await coach_over_http(client, other, agent)  # location B, same agent id
            ours = await coach_over_http(client, tenant, agent)
            first = await receive(socket)
        assert first["analysis_id"] == ours


class TestCoachingReachesTheAgent:
    async def test_http_coaching_for_an_agent_arrives_on_its_topics(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = agent_id()
        async with connect(socket_url(server, await token_for(client, tenant, agent))) as socket:
            assert await call(socket, {"type": "subscribe", "topics": topics(agent)}) is None
            analysis_id = await coach_over_http(client, tenant, agent)
            suggestions = await receive(socket)
            objection = await receive(socket)
        assert suggestions["topic"] == f"coaching.{agent}.suggestions"
        assert suggestions["analysis_id"] == analysis_id
        assert suggestions["revision"] == 1
        data = suggestions["data"]
        assert isinstance(data, dict) and data["suggestions"]
        assert objection["topic"] == f"coaching.{agent}.objections"

    async def test_a_prospect_message_on_the_socket_is_coached_on_the_socket(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = agent_id()
        async with connect(socket_url(server, await token_for(client, tenant, agent))) as socket:
            await socket.send(json.dumps({"type": "subscribe", "topics": topics(agent)}))
            await socket.send(
                json.dumps({"type": "prospect_message", "lead_id": "lead_1", "message": PRICE_OBJECTION})
            )
            event = await receive(socket)
        assert event["topic"] == f"coaching.{agent}.suggestions"
        assert str(event["analysis_id"]).startswith("ana_")
        assert event["event_id"] == 1


class TestResume:
    async def test_a_reconnecting_agent_gets_every_missed_event_in_order_and_once(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = agent_id()
        token = await token_for(client, tenant, agent)
        async with connect(socket_url(server, token)) as socket:
            assert await call(socket, {"type": "subscribe", "topics": topics(agent)}) is None
            first = await coach_over_http(client, tenant, agent)
            before = await events_of(socket, first)
            # The rest of the first answer (objection, questions, maybe an alert) arrives before the pong.
            await socket.send(json.dumps({"type": "ping"}))
            while (message := await receive(socket))["type"] == "event":
                before.append(message)
        positions = {str(e["topic"]): int(str(e["event_id"])) for e in before}
        missed = [await coach_over_http(client, tenant, agent) for _ in range(3)]
        async with connect(socket_url(server, token)) as socket:
            await socket.send(
                json.dumps(
                    {"type": "resume", "last_event_id": {t: positions.get(t, 0) for t in topics(agent)}}
                )
            )
            after = await coach_over_http(client, tenant, agent)
            received = await events_of(socket, after)
        suggestions = [e for e in received if str(e["topic"]).endswith(".suggestions")]
        assert [e["analysis_id"] for e in suggestions] == [*missed, after]
        last = positions[f"coaching.{agent}.suggestions"]
        assert [e["event_id"] for e in suggestions] == [last + 1, last + 2, last + 3, last + 4]
        ids = [(e["topic"], e["event_id"]) for e in received]
        assert len(ids) == len(set(ids))


class TestClaudeRevisions:
    async def test_in_hybrid_mode_claudes_revision_2_follows_revision_1_on_the_agents_socket(
        self,
        database_url: str,
        tenant: Tenant,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
    ) -> None:
        fake_anthropic.script(default=slow(0.1))
        agent = agent_id()
        with claude_server(database_url, local_engine, fake_anthropic) as srv:
            running = RunningServer(srv.base_url, database_url)
            async with httpx.AsyncClient(base_url=srv.base_url, timeout=10) as client:
                token = await token_for(client, tenant, agent)
                async with connect(socket_url(running, token)) as socket:
                    assert await call(socket, {"type": "subscribe", "topics": [topics(agent)[0]]}) is None
                    analysis_id = await coach_over_http(client, tenant, agent)
                    first, second = await receive(socket), await receive(socket)
        assert (first["analysis_id"], first["revision"]) == (analysis_id, 1)
        assert (second["analysis_id"], second["revision"]) == (analysis_id, 2)
        assert isinstance(second["data"], dict) and second["data"]["engine"] == "claude"
        assert second["event_id"] == int(str(first["event_id"])) + 1
