"""At capacity a process sheds work at once and says when to retry; what it admitted is answered."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
from websockets.asyncio.client import connect

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from tests.conftest import Tenant
from tests.support.servers import serve_app

COACHING = "/api/v1/claude/coaching/real-time"
BURST = 24


@pytest.fixture(scope="module")
def base_url(database_url: str, local_engine: LocalEngine) -> Iterator[str]:
    with serve_app(
        database_url,
        local_engine,
        ENTERPRISEHUB_ADMISSION_LIMIT=1,  # one answer in the making at a time: any overlap is shed
        ENTERPRISEHUB_BUSY_RETRY_AFTER_MS=250,
        ENTERPRISEHUB_METRICS_PUBLIC="true",
    ) as served:
        yield served.base_url


async def test_a_burst_over_http_is_answered_or_refused_with_503_and_retry_after(
    base_url: str, tenant: Tenant
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        body = {"agent_id": "agent_busy", "prospect_message": "Is the price negotiable?"}
        answers = await asyncio.gather(
            *(http.post(COACHING, json=body, headers=tenant.headers) for _ in range(BURST))
        )
    statuses = sorted(response.status_code for response in answers)
    assert set(statuses) == {200, 503}, statuses
    for refused in (r for r in answers if r.status_code == 503):
        assert refused.json()["error"] == "busy"
        assert refused.headers["retry-after"] == "1"  # 250 ms, in whole seconds, never 0
    for served in (r for r in answers if r.status_code == 200):
        assert served.json()["suggestions"]


async def test_sockets_at_capacity_get_a_busy_error_with_retry_after_ms_and_stay_open(
    base_url: str, tenant: Tenant
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        tokens = [
            (
                await http.post(
                    "/api/v1/auth/agent-token", json={"agent_id": f"ws_{i}"}, headers=tenant.headers
                )
            ).json()["token"]
            for i in range(8)
        ]
    url = base_url.replace("http://", "ws://") + "/ws/coaching?token="
    all_connected = asyncio.Barrier(len(tokens))  # every socket sends at the same moment

    async def one_agent(index: int, token: str) -> str:
        async with connect(url + token) as socket:
            topic = f"coaching.ws_{index}.suggestions"
            await socket.send(json.dumps({"type": "subscribe", "topics": [topic]}))
            await all_connected.wait()
            await socket.send(json.dumps({"type": "prospect_message", "message": "The price seems too high"}))
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), 20))
                if message["type"] == "error" and message["code"] == "busy":
                    assert message["retry_after_ms"] == 250
                    await socket.send(json.dumps({"type": "ping"}))  # still open and served
                    while json.loads(await asyncio.wait_for(socket.recv(), 20))["type"] != "pong":
                        pass
                    return "busy"
                if message["type"] == "event" and message["topic"] == topic:
                    return "coached"

    outcomes = await asyncio.gather(*(one_agent(i, token) for i, token in enumerate(tokens)))
    assert "coached" in outcomes and "busy" in outcomes, outcomes


async def test_health_and_metrics_show_what_was_admitted_shed_and_queued(
    base_url: str, tenant: Tenant
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        body = {"agent_id": "agent_counted", "prospect_message": "Is the price negotiable?"}
        burst = await asyncio.gather(
            *(http.post(COACHING, json=body, headers=tenant.headers) for _ in range(BURST))
        )
        served = sum(response.status_code == 200 for response in burst)
        refused = sum(response.status_code == 503 for response in burst)
        admission = (await http.get("/api/v1/claude/health")).json()["admission"]
        scraped = (await http.get("/metrics")).text
    assert admission["limit"] == 1 and admission["in_flight"] == 0
    assert admission["admitted"] >= served >= 1 and admission["shed"] >= refused >= 1
    assert admission["queued_for_engine"] == 0 and admission["queued_for_storage"] == 0
    counts = {
        line.split()[0]: float(line.split()[1]) for line in scraped.splitlines() if not line.startswith("#")
    }
    assert counts["enterprisehub_admission_admitted_total"] == admission["admitted"]
    assert counts['enterprisehub_shed_total{kind="admission_busy"}'] == admission["shed"]
    assert counts["enterprisehub_admission_queued"] == 0
