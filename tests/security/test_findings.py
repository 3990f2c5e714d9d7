"""Issue 16's findings, each reproduced against a real server (SQLite and PostgreSQL) and now refused.

GHL intake findings (1, 4's webhooks, 7's replay) are in tests/ghl/test_intake_findings.py; the regex
stall (2) also has a pattern-level fuzz test in test_linear_regexes.py. Finding 3 (plaintext PII, and a
database error log that prints it): test_encryption_at_rest.py, tests/ghl/test_contact_lookup.py (a
webhook's raw payload), tests/storage/test_database_errors.py and
tests/observability/test_logs_without_pii.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, func, select
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from ghl_real_estate_ai.api.app import create_app
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.security.local_keys import signing_secret
from ghl_real_estate_ai.settings import DEVELOPMENT_SECRET, Settings
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import ApiKey, Location, Message
from tests.api.test_realtime import agent_id, receive, socket_url, token_for
from tests.conftest import RunningServer, Tenant
from tests.support.servers import serve_in_thread

COACHING = "/api/v1/claude/coaching/real-time"
QUALIFICATION_START = "/api/v1/claude/qualification/start"
PLAN = "/api/v1/claude/actions/create-plan"


def PROSPECT_SAYS(message: str) -> dict[str, str]:
    return {"speaker": "prospect", "message": message}


def coaching(message: str = "We want a 3 bed house", **context: object) -> dict[str, object]:
    return {"agent_id": "agent_1", "prospect_message": message, "conversation_context": context}


class TestFinding2OneMessageCannotStallTheServer:
    async def test_ten_thousand_digits_are_answered_while_other_requests_go_on(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        start = client.post(
            QUALIFICATION_START,
            json={"contact_id": f"c_{secrets.token_hex(4)}", "initial_message": "9" * 10_000},
            headers=tenant.headers,
        )
        slow = asyncio.ensure_future(start)
        pings = []
        while not slow.done():
            began = time.perf_counter()
            assert (await client.get("/api/v1/ping")).status_code == 200
            pings.append(time.perf_counter() - began)
            await asyncio.sleep(0.05)
        assert (await slow).status_code == 201
        # Before the fix the server answered nothing for 7.5-9 s while the regex ran.
        assert max(pings) < 2.0


class TestFinding4TextAndIdsTheDatabaseCannotHold:
    @pytest.mark.parametrize(
        ("path", "body"),
        [
            (COACHING, coaching("price\x00drop")),
            (COACHING, coaching(lead_id="lead\x00x")),
            (QUALIFICATION_START, {"contact_id": "c\x001"}),
            ("/api/v1/claude/semantic/analyze", {"conversation_messages": [PROSPECT_SAYS("hi\x07")]}),
            ("/api/v1/claude/actions/create-plan", {"contact_id": "c1", "timezone": "UTC\x00"}),
        ],
    )  # fmt: skip
    async def test_a_control_character_in_any_field_gets_422(
        self, client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, object]
    ) -> None:
        answer = await client.post(path, json=body, headers=tenant.headers)
        assert answer.status_code == 422, answer.text
        assert "control character" in answer.json()["message"]

    async def test_tabs_and_new_lines_in_free_text_are_kept(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        answer = await client.post(
            COACHING, json=coaching("Hi,\n\tbudget is 400k\r\n"), headers=tenant.headers
        )
        assert answer.status_code == 200, answer.text

    async def test_a_nul_in_an_id_in_the_path_gets_422(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        answer = await client.get("/api/v1/claude/qualification/flow%00x", headers=tenant.headers)
        assert answer.status_code == 422

    @pytest.mark.parametrize("length", [123, 124, 128])
    async def test_a_lead_id_as_long_as_the_schema_allows_is_stored(
        self, client: httpx.AsyncClient, tenant: Tenant, length: int
    ) -> None:
        lead = (secrets.token_hex(4) + "x" * length)[:length]
        answer = await client.post(COACHING, json=coaching(lead_id=lead), headers=tenant.headers)
        assert answer.status_code == 200, answer.text
        again = await client.post(
            COACHING, json=coaching("and a garage", lead_id=lead), headers=tenant.headers
        )
        assert again.status_code == 200


class TestFinding5TokensEndWithTheirKeyAndLocation:
    async def test_a_token_of_a_revoked_key_is_closed_with_4401(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        token = await token_for(client, tenant, agent_id())
        await _revoke_keys(database, tenant)
        await _assert_refused(server, token)

    async def test_a_token_of_a_deleted_location_is_closed_with_4401(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        token = await token_for(client, tenant, agent_id())
        async with database.session() as session:
            await session.execute(delete(Location).where(Location.id == tenant.location_id))
        await _assert_refused(server, token)

    async def test_an_open_socket_stores_nothing_once_its_key_is_revoked(
        self, server: RunningServer, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        agent = agent_id()
        token = await token_for(client, tenant, agent)
        async with connect(socket_url(server, token)) as socket:
            await _revoke_keys(database, tenant)
            await socket.send(
                json.dumps({"type": "prospect_message", "message": "We need 3 beds", "lead_id": "l1"})
            )
            with pytest.raises(ConnectionClosed) as closed:
                await _receive_until_closed(socket)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4401
        async with database.session() as session:
            stored = await session.execute(
                select(func.count()).where(Message.location_id == tenant.location_id)
            )
        assert stored.scalar_one() == 0

    def test_outside_development_the_service_refuses_to_start_without_a_secret(self) -> None:
        for environment in ("test", "production"):
            with pytest.raises(ValueError, match="ENTERPRISEHUB_SECRET_KEY must be set"):
                Settings(ENTERPRISEHUB_ENV=environment, ENTERPRISEHUB_SECRET_KEY=DEVELOPMENT_SECRET)
            with pytest.raises(ValueError, match="ENTERPRISEHUB_SECRET_KEY must be set"):
                Settings(ENTERPRISEHUB_ENV=environment, ENTERPRISEHUB_SECRET_KEY="short")

    def test_development_warns_and_signs_with_a_kept_local_key_not_the_public_default(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        settings = Settings(
            ENTERPRISEHUB_ENV="development",
            ENTERPRISEHUB_SECRET_KEY=DEVELOPMENT_SECRET,
            ENTERPRISEHUB_LOCAL_KEYS_DIR=str(tmp_path),
        )
        with caplog.at_level(logging.WARNING):
            first = signing_secret(settings)
        assert "ENTERPRISEHUB_SECRET_KEY is not set" in caplog.text
        assert first != DEVELOPMENT_SECRET
        assert signing_secret(settings) == first  # kept: tokens survive a restart
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


async def _receive_until_closed(socket: ClientConnection) -> None:
    while True:
        await receive(socket)


async def _revoke_keys(database: Database, tenant: Tenant) -> None:
    async with database.session() as session:
        keys = await session.execute(select(ApiKey.id).where(ApiKey.location_id == tenant.location_id))
        for key_id in keys.scalars():
            assert await ApiKeyRepository(session).revoke(key_id)


async def _assert_refused(server: RunningServer, token: str) -> None:
    async with connect(socket_url(server, token)) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(socket)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401
    assert "revoked" in closed.value.rcvd.reason


class TestFinding6DatesAndZonesOutOfRange:
    @pytest.mark.parametrize(
        ("path", "body"),
        [
            ("/api/v1/claude/actions/create-plan", {"contact_id": "c1", "timezone": "America"}),
            ("/api/v1/claude/actions/create-plan", {"contact_id": "c1", "timezone": "../../etc/passwd"}),
            (PLAN, {"contact_id": "c1", "last_inbound_at": "0001-01-01T00:00:00+00:00"}),
            ("/api/v1/claude/semantic/analyze", {
                "conversation_messages": [PROSPECT_SAYS("in 3 months")],
                "reference_date": "9999-12-31",
            }),
        ],
    )  # fmt: skip
    async def test_out_of_range_input_gets_422(
        self, client: httpx.AsyncClient, tenant: Tenant, path: str, body: dict[str, object]
    ) -> None:
        answer = await client.post(path, json=body, headers=tenant.headers)
        assert answer.status_code == 422, answer.text

    async def test_snoozing_until_9999_gets_422(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        answer = await client.post(
            "/api/v1/claude/actions/act_missing/snooze",
            json={"until": "9999-12-31T23:59:59+00:00"},
            headers=tenant.headers,
        )
        assert answer.status_code == 422, answer.text


class TestFinding7DeepJson:
    @pytest.mark.parametrize("depth", [1_000, 100_000])
    async def test_json_nested_too_deep_gets_422(
        self, client: httpx.AsyncClient, tenant: Tenant, depth: int
    ) -> None:
        body = (
            '{"agent_id":"a","prospect_message":"hi","conversation_context":{"x":'
            + "[" * depth
            + "]" * depth
            + "}}"
        )
        answer = await client.post(
            COACHING, content=body, headers={**tenant.headers, "content-type": "application/json"}
        )
        assert answer.status_code == 422
        assert "nests" in answer.json()["message"]


@pytest.fixture
def limited_server(database_url: str, local_engine: LocalEngine) -> Iterator[RunningServer]:
    settings = Settings(
        DATABASE_URL=database_url,
        ENTERPRISEHUB_ENV="test",
        ENTERPRISEHUB_WORKER=False,
        ENTERPRISEHUB_RATE_LIMIT_PER_KEY=20,
        ENTERPRISEHUB_RATE_LIMIT_PER_TOKEN=5,
        ENTERPRISEHUB_RATE_LIMIT_PER_ADDRESS=10,
    )
    with serve_in_thread(create_app(settings, engine=local_engine)) as base_url:
        yield RunningServer(base_url, database_url)


@pytest.fixture
async def limited(limited_server: RunningServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=limited_server.base_url, timeout=10) as http:
        yield http


class TestFinding8LimitsAndHeaders:
    """One server whose limits are small; each test's requests come from one address (127.0.0.1)."""

    async def test_made_up_keys_are_limited_per_address_with_retry_after(
        self, limited: httpx.AsyncClient
    ) -> None:
        answers = [
            await limited.get(
                "/api/v1/claude/actions/due", headers={"X-API-Key": f"ehk_{secrets.token_hex(8)}"}
            )
            for _ in range(15)
        ]
        statuses = [answer.status_code for answer in answers]
        assert statuses[:10] == [401] * 10
        assert statuses[-1] == 429
        assert 1 <= int(answers[-1].headers["retry-after"]) <= 60

    async def test_one_api_key_is_limited_with_retry_after(
        self, limited: httpx.AsyncClient, database: Database
    ) -> None:
        from tests.conftest import make_tenant

        tenant = await make_tenant(database)
        statuses = [
            (
                await limited.post(
                    "/api/v1/auth/agent-token", json={"agent_id": "a1"}, headers=tenant.headers
                )
            ).status_code
            for _ in range(25)
        ]
        assert statuses[:20] == [200] * 20
        assert statuses[20:] == [429] * 5

    async def test_security_headers_and_no_store_on_every_answer(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        minted = await client.post(
            "/api/v1/auth/agent-token", json={"agent_id": "a1"}, headers=tenant.headers
        )
        secret = await client.post("/api/v1/ghl/workflow-secret", headers=tenant.headers)
        refused = await client.get("/api/v1/claude/actions/due")
        for answer in (minted, secret, refused):
            assert answer.headers["cache-control"] == "no-store"
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["x-frame-options"] == "DENY"
            assert "default-src 'none'" in answer.headers["content-security-policy"]

    async def test_metrics_are_not_public_unless_the_setting_says_so(
        self, limited: httpx.AsyncClient
    ) -> None:
        assert (await limited.get("/metrics")).status_code == 404

    async def test_a_megabyte_of_headers_gets_431(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        answer = await client.get(
            "/api/v1/claude/actions/due", headers={**tenant.headers, "X-Padding": "x" * 1_000_000}
        )
        assert answer.status_code == 431
