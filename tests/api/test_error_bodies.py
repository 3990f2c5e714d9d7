"""Every error the API answers has one shape, `{"error": ..., "message": ...}`, whatever raised it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from tests.conftest import Tenant
from tests.support.servers import serve_app

MAX_BODY = 4096


def _with_a_broken_route(app: FastAPI) -> None:
    async def broken() -> None:
        raise RuntimeError("a bug the handlers did not foresee")

    app.add_api_route("/test/broken", broken)  # only in this test's app: a route that fails unexpectedly


@pytest.fixture(scope="module")
def base_url(database_url: str, local_engine: LocalEngine) -> Iterator[str]:
    with serve_app(
        database_url,
        local_engine,
        configure=_with_a_broken_route,
        ENTERPRISEHUB_MAX_BODY_BYTES=MAX_BODY,
        GHL_INBOX_BACKLOG_LIMIT=0,  # the inbox is "full": every storable delivery is answered 429
    ) as served:
        yield served.base_url


@pytest.fixture
async def http(base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        yield client


def assert_error(response: httpx.Response, status: int, error: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"error", "message", "details"}
    if error is not None:
        assert body["error"] == error


COACHING = "/api/v1/claude/coaching/real-time"


class TestOneErrorShape:
    async def test_400_a_webhook_body_that_is_not_json(self, http: httpx.AsyncClient, tenant: Tenant) -> None:
        secret = (await http.post("/api/v1/ghl/workflow-secret", headers=tenant.headers)).json()
        response = await http.post(
            f"/api/v1/ghl/workflow-webhook/{tenant.location_id}",
            content=b"{not json",
            headers={"X-Webhook-Secret": secret["workflow_secret"]},
        )
        assert_error(response, 400, "malformed_body")

    async def test_401_no_api_key(self, http: httpx.AsyncClient) -> None:
        response = await http.post(COACHING, json={"agent_id": "a", "prospect_message": "hi"})
        assert_error(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_403_another_tenants_location(self, http: httpx.AsyncClient, tenant: Tenant) -> None:
        body = {"agent_id": "a", "prospect_message": "hi", "location_id": "loc_someone_else"}
        assert_error(await http.post(COACHING, json=body, headers=tenant.headers), 403, "forbidden")

    async def test_404_an_unknown_route_and_an_unknown_flow(
        self, http: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        assert_error(await http.get("/api/v1/no-such-thing"), 404, "not_found")
        flow = await http.get("/api/v1/claude/qualification/qf_missing", headers=tenant.headers)
        assert_error(flow, 404, "not_found")

    async def test_405_a_method_the_route_does_not_take(self, http: httpx.AsyncClient) -> None:
        assert_error(await http.get(COACHING), 405, "method_not_allowed")

    async def test_409_a_stale_flow_version(self, http: httpx.AsyncClient, tenant: Tenant) -> None:
        started = await http.post(
            "/api/v1/claude/qualification/start", json={"contact_id": "c_409"}, headers=tenant.headers
        )
        flow_id = started.json()["flow_id"]
        stale = await http.post(
            f"/api/v1/claude/qualification/{flow_id}/response",
            json={"message": "about 400k", "expected_version": 99},
            headers=tenant.headers,
        )
        assert_error(stale, 409, "conflict")

    async def test_413_a_body_over_the_limit(self, http: httpx.AsyncClient, tenant: Tenant) -> None:
        body = {"agent_id": "a", "prospect_message": "x" * (MAX_BODY * 2)}
        assert_error(await http.post(COACHING, json=body, headers=tenant.headers), 413, "payload_too_large")

    async def test_422_an_invalid_body_names_the_field(self, http: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await http.post(COACHING, json={"agent_id": "a"}, headers=tenant.headers)
        assert_error(response, 422, "invalid_request")
        assert "prospect_message" in response.json()["message"]

    async def test_429_a_delivery_the_inbox_cannot_take_says_when_to_retry(
        self, http: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        secret = (await http.post("/api/v1/ghl/workflow-secret", headers=tenant.headers)).json()
        response = await http.post(
            f"/api/v1/ghl/workflow-webhook/{tenant.location_id}",
            json={"contact_id": "c_429", "message": "hi"},
            headers={"X-Webhook-Secret": secret["workflow_secret"]},
        )
        assert_error(response, 429, "try_later")
        assert int(response.headers["retry-after"]) > 0

    async def test_500_an_unexpected_failure_tells_nothing_of_its_insides(
        self, http: httpx.AsyncClient
    ) -> None:
        response = await http.get("/test/broken")
        assert_error(response, 500, "internal_error")
        assert "RuntimeError" not in response.text and "foresee" not in response.text
