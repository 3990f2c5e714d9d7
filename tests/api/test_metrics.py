"""/metrics after exercising every path: parsed with prometheus-client's own text parser."""

from __future__ import annotations

import asyncio
import json
import secrets
from datetime import UTC, datetime, timedelta

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample
from websockets.asyncio.client import connect

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem
from tests.api.test_claude_engine import COACHING, claude_server
from tests.api.test_realtime import RunningServer, socket_url, token_for
from tests.conftest import Tenant
from tests.fakes.anthropic_server import FakeAnthropic, answer, overloaded

METRICS_TOKEN = "metrics-" + secrets.token_hex(8)
SETTINGS = {
    "ENTERPRISEHUB_METRICS_TOKEN": METRICS_TOKEN,
    "ENTERPRISEHUB_WORKER": False,  # the seeded inbox event must stay pending
    # A queue of one: one coaching answer (suggestions, objection, questions) sheds events at once.
    "ENTERPRISEHUB_HUB_CONNECTION_QUEUE": 1,
    # Any coaching answer is "slow": an alert fires as soon as one is measured.
    "ENTERPRISEHUB_ALERT_RESPONSE_TIME_MS": 0.0001,
    "ENTERPRISEHUB_ALERT_MIN_SAMPLES": 1,
    "ENTERPRISEHUB_ALERT_INTERVAL_SECONDS": 0.1,
}
OBJECTION = "Your commission is too high and another agent offered 2%, I'm not sure"


def samples(text: str) -> list[Sample]:
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def series(text: str, name: str) -> list[Sample]:
    return [s for s in samples(text) if s.name == name]


async def seed_ghl_queues(database: Database, location_id: str) -> None:
    now = datetime.now(UTC)
    async with database.session() as session:
        session.add(
            GhlInboxEvent(
                webhook_id=f"wh-{secrets.token_hex(6)}",
                source="workflow",
                event_type="WorkflowWebhook",
                body="{}",
                location_id=location_id,
                received_at=now - timedelta(seconds=30),
            )
        )
        for status, attempts in (("pending", 2), ("dead", 8)):
            session.add(
                GhlOutboxItem(
                    location_id=location_id,
                    idempotency_key=f"k-{secrets.token_hex(6)}",
                    ghl_contact_id="c-1",
                    operation="add_note",
                    payload={},
                    status=status,
                    attempts=attempts,
                )
            )


class TestMetrics:
    async def test_every_series_is_exposed_with_its_labels_after_each_path_ran(
        self,
        database_url: str,
        database: Database,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
        tenant: Tenant,
    ) -> None:
        fake_anthropic.script(overloaded(), default=answer())
        await seed_ghl_queues(database, tenant.location_id)
        with claude_server(database_url, local_engine, fake_anthropic, **SETTINGS) as server:
            async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as http:
                agent = f"agent_{secrets.token_hex(3)}"
                token = await token_for(http, tenant, agent)
                async with connect(socket_url(RunningServer(server.base_url, database_url), token)) as ws:
                    await ws.send(
                        json.dumps(
                            {
                                "type": "subscribe",
                                "topics": [
                                    f"coaching.{agent}.suggestions",
                                    f"coaching.{agent}.objections",
                                    f"coaching.{agent}.questions",
                                ],
                            }
                        )
                    )
                    coached = await http.post(
                        COACHING,
                        json={"agent_id": agent, "prospect_message": OBJECTION},
                        params={"refine": "wait"},
                        headers=tenant.headers,
                    )
                    assert coached.status_code == 200, coached.text
                    received = [json.loads(await asyncio.wait_for(ws.recv(), 5)) for _ in range(2)]
                    assert any(m.get("code") == "events_dropped" for m in received), received
                    await asyncio.sleep(0.4)  # one alert tick
                    refused = await http.get("/metrics")
                    text = (
                        await http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
                    ).text

        assert refused.status_code == 401
        latency = series(text, "enterprisehub_http_request_seconds_count")
        assert {"route": COACHING, "status": "200"} in [s.labels for s in latency]
        assert series(text, "enterprisehub_ws_connections")[0].value >= 1
        delivered = series(text, "enterprisehub_ws_delivery_seconds_count")
        assert {s.labels["kind"] for s in delivered if s.value} <= {"suggestions", "objections", "questions"}
        assert sum(s.value for s in delivered) >= 1
        assert series(text, "enterprisehub_engine_seconds_count")[0].labels == {"engine": "local"}
        calls = {
            (s.labels["interaction"], s.labels["outcome"])
            for s in series(text, "enterprisehub_claude_calls_total")
        }
        assert {("real_time_coaching", "ok"), ("real_time_coaching", "overloaded")} <= calls
        assert {s.labels["outcome"] for s in series(text, "enterprisehub_claude_errors_total")} == {
            "overloaded"
        }
        tokens = {s.labels["kind"]: s.value for s in series(text, "enterprisehub_claude_tokens_total")}
        assert tokens["input"] > 0 and tokens["output"] > 0
        circuit = {s.labels["state"]: s.value for s in series(text, "enterprisehub_claude_circuit_state")}
        assert circuit == {"closed": 1.0, "open": 0.0, "half_open": 0.0}
        assert series(text, "enterprisehub_ghl_inbox_depth")[0].value >= 1
        assert series(text, "enterprisehub_ghl_inbox_oldest_age_seconds")[0].value >= 30
        assert series(text, "enterprisehub_ghl_outbox_retrying")[0].value >= 1
        assert series(text, "enterprisehub_ghl_outbox_dead_letters")[0].value >= 1
        shed = {s.labels["kind"]: s.value for s in series(text, "enterprisehub_shed_total")}
        assert shed["hub_event_dropped"] >= 1
        firing = [s.labels for s in series(text, "enterprisehub_alerts_firing") if s.value == 1]
        assert {"kind": "response_time", "location": tenant.location_id, "feature": "coaching"} in firing
        raised = {s.labels["kind"]: s.value for s in series(text, "enterprisehub_alerts_raised_total")}
        assert raised["response_time"] >= 1

    async def test_without_a_token_setting_metrics_are_open(self, client: httpx.AsyncClient) -> None:
        await client.get("/api/v1/ping")
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert any(s.name == "enterprisehub_http_requests_total" for s in samples(response.text))
