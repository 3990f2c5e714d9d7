"""GET /api/v1/claude/analytics/performance: every figure computed from the answers the service recorded."""

from __future__ import annotations

import asyncio
import json
import math
import secrets
from datetime import UTC, datetime, timedelta
from statistics import fmean
from typing import Any

import httpx
from sqlalchemy import select
from websockets.asyncio.client import connect

from ghl_real_estate_ai.domain.performance import Feature, Outcome, Sample
from ghl_real_estate_ai.evaluation.runner import EvaluationReport
from ghl_real_estate_ai.services.evaluation_runs import record_evaluation
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.feedback_tables import FeedbackRecord
from ghl_real_estate_ai.storage.performance_tables import PerformanceRepository, PerformanceSampleRecord
from tests.api.test_realtime import socket_url, token_for
from tests.conftest import RunningServer, Tenant, make_tenant

ANALYTICS = "/api/v1/claude/analytics/performance"
MESSAGES = (
    "I'm not sure if I can afford this right now...",
    "We need a 3 bedroom house in Dallas under 400k within 2 months",
    "Your commission seems high, another agent offered 2%",
    "Just browsing for now, maybe next year",
)

_CLASS = {"examples": 8, "accuracy": None, "macro_f1": None}
EVALUATION = {
    "examples": 8,
    "intent": {"examples": 8, "accuracy": 0.875, "macro_f1": 0.8},
    "objection": {
        "examples": 8,
        "detection_precision": None,
        "detection_recall": None,
        "detection_f1": None,
        "type_examples": 0,
        "type_accuracy": None,
    },
    "motivation": _CLASS,
    "decision_stage": _CLASS,
    "urgency": {**_CLASS, "within_one": None},
    "sentiment": _CLASS,
    "language": _CLASS,
    "preferences": {"examples": 8, "precision": None, "recall": None, "f1": None},
    "latency_ms": {"p50": 1.0, "p99": 2.0, "mean": 1.2},
}


def coaching_body(message: str) -> dict[str, Any]:
    return {
        "agent_id": "agent_perf",
        "conversation_context": {"lead_id": f"lead-{secrets.token_hex(3)}"},
        "prospect_message": message,
        "conversation_stage": "discovery",
    }


def semantic_body(message: str) -> dict[str, Any]:
    return {"conversation_messages": [{"speaker": "prospect", "message": message}]}


async def recorded(database: Database, location_id: str) -> list[PerformanceSampleRecord]:
    async with database.session() as session:
        rows = await session.execute(
            select(PerformanceSampleRecord).where(PerformanceSampleRecord.location_id == location_id)
        )
        return list(rows.scalars())


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


async def drive_traffic(client: httpx.AsyncClient, tenant: Tenant) -> dict[str, list[float]]:
    """Coaching, semantic analysis and a qualification flow; what each answer said it took."""
    seen: dict[str, list[float]] = {"coaching": [], "semantic": []}
    for message in MESSAGES * 2:
        coached = await client.post(
            "/api/v1/claude/coaching/real-time", json=coaching_body(message), headers=tenant.headers
        )
        assert coached.status_code == 200, coached.text
        seen["coaching"].append(coached.json()["processing_time_ms"])
        read = await client.post(
            "/api/v1/claude/semantic/analyze", json=semantic_body(message), headers=tenant.headers
        )
        assert read.status_code == 200, read.text
        seen["semantic"].append(read.json()["processing_time_ms"])
    flow = await client.post(
        "/api/v1/claude/qualification/start",
        json={"contact_id": f"c-{secrets.token_hex(3)}", "contact_name": "Pat"},
        headers=tenant.headers,
    )
    assert flow.status_code == 201, flow.text
    replied = await client.post(
        f"/api/v1/claude/qualification/{flow.json()['flow_id']}/response",
        json={"message": "Our budget is around 550k and we're pre-approved"},
        headers=tenant.headers,
    )
    assert replied.status_code == 200, replied.text
    return seen


class TestPerformanceAnalytics:
    async def test_averages_and_p95_are_those_of_the_recorded_answers(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        seen = await drive_traffic(client, tenant)
        response = await client.get(ANALYTICS, params={"window": "PT1H"}, headers=tenant.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        rows = await recorded(database, tenant.location_id)

        times = body["response_times"]
        # The averages are the means of the very figures the answers carried.
        assert times["coaching_avg_ms"] == round(fmean(seen["coaching"]), 3)
        assert times["semantic_analysis_avg_ms"] == round(fmean(seen["semantic"]), 3)
        qualification = [r.processing_time_ms for r in rows if r.feature == "qualification"]
        assert len(qualification) == 2
        assert times["qualification_avg_ms"] == round(fmean(qualification), 3)
        everything = [r.processing_time_ms for r in rows if r.outcome == "success"]
        assert times["p95_response_time_ms"] == nearest_rank(everything, 95)
        assert body["percentiles"]["coaching"]["p95_ms"] == nearest_rank(seen["coaching"], 95)
        assert body["percentiles"]["coaching"]["max_ms"] == max(seen["coaching"])

        assert body["sample_counts"]["coaching"] == {"success": 8, "failure": 0, "rejected": 0}
        assert body["success_rates"]["coaching_success_rate"] == 100.0
        assert body["success_rates"]["overall_success_rate"] == 100.0
        assert body["window"]["duration"] == "PT1H"
        assert body["location_id"] == tenant.location_id

    async def test_a_feature_without_traffic_in_the_window_is_null(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        await client.post(
            "/api/v1/claude/coaching/real-time", json=coaching_body(MESSAGES[0]), headers=tenant.headers
        )
        body = (await client.get(ANALYTICS, headers=tenant.headers)).json()
        assert body["response_times"]["coaching_avg_ms"] is not None
        assert body["response_times"]["action_planning_avg_ms"] is None
        assert body["response_times"]["semantic_analysis_avg_ms"] is None
        assert body["success_rates"]["action_planning_success_rate"] is None
        assert body["percentiles"]["action_planning"]["p95_ms"] is None
        assert body["sample_counts"]["action_planning"] == {"success": 0, "failure": 0, "rejected": 0}

    async def test_a_location_without_traffic_reports_nothing_but_nulls(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        quiet = await make_tenant(database, "Quiet Realty")
        body = (await client.get(ANALYTICS, params={"window": "PT1H"}, headers=quiet.headers)).json()
        assert set(body["response_times"].values()) == {None}
        assert set(body["success_rates"].values()) == {None}
        assert body["quality_metrics"]["qualification_completeness"] is None
        assert body["quality_metrics"]["action_plan_execution_rate"] is None
        assert body["quality_metrics"]["coaching_satisfaction"] is None

    async def test_one_location_never_sees_another_locations_answers(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        other = await make_tenant(database, "Other Realty")
        await drive_traffic(client, other)
        body = (await client.get(ANALYTICS, headers=tenant.headers)).json()
        assert body["sample_counts"]["coaching"]["success"] == 0
        assert body["response_times"]["coaching_avg_ms"] is None

    async def test_a_refused_request_counts_as_rejected_not_as_a_failure(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        refused = await client.post(
            "/api/v1/claude/coaching/real-time",
            json={**coaching_body(MESSAGES[0]), "location_id": "someone-else"},
            headers=tenant.headers,
        )
        assert refused.status_code == 403
        body = (await client.get(ANALYTICS, headers=tenant.headers)).json()
        assert body["sample_counts"]["coaching"] == {"success": 0, "failure": 0, "rejected": 1}
        assert body["success_rates"]["coaching_success_rate"] is None
        assert body["response_times"]["coaching_avg_ms"] is None

    async def test_answers_older_than_the_window_are_left_out(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
        async with database.session() as session:
            await PerformanceRepository(session).add_all(
                [Sample(tenant.location_id, Feature.ACTION_PLANNING, Outcome.FAILURE, 40.0, two_hours_ago)]
            )
        recent = (await client.get(ANALYTICS, params={"window": "PT1H"}, headers=tenant.headers)).json()
        wider = (await client.get(ANALYTICS, params={"window": "3h"}, headers=tenant.headers)).json()
        assert recent["success_rates"]["action_planning_success_rate"] is None
        assert wider["success_rates"]["action_planning_success_rate"] == 0.0
        assert wider["window"]["duration"] == "PT3H"

    async def test_a_window_that_is_not_a_duration_is_422(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        response = await client.get(ANALYTICS, params={"window": "yesterday"}, headers=tenant.headers)
        assert response.status_code == 422
        assert "duration" in response.json()["message"]

    async def test_the_analytics_need_an_api_key(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(ANALYTICS)).status_code == 401


class TestQualityMetrics:
    async def test_lead_scoring_accuracy_is_the_latest_recorded_evaluations_intent_accuracy(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        report = EvaluationReport.model_validate(EVALUATION)
        await record_evaluation(
            Database(database.url),
            dataset="dev.jsonl",
            engine="local",
            report=report,
            recorded_at=datetime.now(UTC),
        )
        quality = (await client.get(ANALYTICS, headers=tenant.headers)).json()["quality_metrics"]
        assert quality["lead_scoring_accuracy"] == 87.5
        assert quality["evaluation_dataset"] == "dev.jsonl"

    async def test_qualification_completeness_is_the_mean_of_the_flows_that_moved(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        await drive_traffic(client, tenant)
        flows = await client.get("/api/v1/claude/qualification/analytics", headers=tenant.headers)
        quality = (await client.get(ANALYTICS, headers=tenant.headers)).json()["quality_metrics"]
        assert quality["qualification_completeness"] == round(flows.json()["average_completeness"], 2)
        assert quality["qualification_completeness"] > 0


class TestSocketCoaching:
    async def test_a_prospect_message_on_the_socket_is_recorded_like_an_http_answer(
        self, client: httpx.AsyncClient, server: RunningServer, tenant: Tenant
    ) -> None:
        agent = f"agent_{secrets.token_hex(3)}"
        token = await token_for(client, tenant, agent)
        async with connect(socket_url(server, token)) as socket:
            await socket.send(json.dumps({"type": "subscribe", "topics": [f"coaching.{agent}.suggestions"]}))
            await socket.send(json.dumps({"type": "prospect_message", "message": MESSAGES[1]}))
            event = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert event["type"] == "event", event
        body = (await client.get(ANALYTICS, headers=tenant.headers)).json()
        assert body["sample_counts"]["coaching"]["success"] == 1

    async def test_coaching_satisfaction_is_the_share_of_reviewed_items_agents_used(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        async with database.session() as session:
            for index, action in enumerate(("used", "edited", "dismissed")):
                session.add(
                    FeedbackRecord(
                        location_id=tenant.location_id,
                        agent_id="agent_fb",
                        analysis_id=f"ana_{secrets.token_hex(4)}",
                        revision=1,
                        engine="local",
                        item="suggestion",
                        item_index=index,
                        item_text="Ask about their budget range",
                        action=action,
                        language="en",
                    )
                )
        quality = (await client.get(ANALYTICS, headers=tenant.headers)).json()["quality_metrics"]
        assert quality["coaching_satisfaction"] == 66.67
