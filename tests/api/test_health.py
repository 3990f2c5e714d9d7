from __future__ import annotations

import httpx

from ghl_real_estate_ai.api.app import create_app
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.settings import Settings
from tests.support.servers import serve_in_thread


class TestHealth:
    async def test_health_reports_components_it_actually_checked(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/claude/health")
        assert response.status_code == 200
        body = response.json()
        assert body["overall_status"] == "healthy"
        assert body["services"]["database"]["status"] == "healthy"
        assert body["services"]["analysis_engine"]["latency_ms"] > 0
        assert body["engine"] == "local"
        assert "real_time_coaching" in body["features_available"]

    async def test_metrics_count_requests_by_route(self, client: httpx.AsyncClient) -> None:
        await client.get("/api/v1/ping")
        metrics = (await client.get("/metrics")).text
        assert 'enterprisehub_http_requests_total{route="/api/v1/ping",status="200"}' in metrics


SPEC_SERVICES = (
    "claude_agent",
    "semantic_analyzer",
    "qualification_orchestrator",
    "action_planner",
    "websocket_hub",
)
SPEC_FEATURES = (
    "real_time_coaching",
    "semantic_analysis",
    "intelligent_qualification",
    "action_planning",
    "performance_analytics",
)


class TestSpecServices:
    async def test_each_spec_service_answered_a_live_call(self, client: httpx.AsyncClient) -> None:
        body = (await client.get("/api/v1/claude/health")).json()
        for name in SPEC_SERVICES:
            assert body["services"][name]["status"] == "healthy", (name, body["services"][name])
            assert body["services"][name]["latency_ms"] > 0
        assert set(SPEC_FEATURES) <= set(body["features_available"])
        assert body["alerts"] == [] or all("kind" in alert for alert in body["alerts"])

    async def test_a_database_that_does_not_answer_makes_it_unhealthy_and_takes_its_features_away(
        self, local_engine: LocalEngine
    ) -> None:
        settings = Settings(
            DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/nowhere",
            ENTERPRISEHUB_ENV="test",
            ENTERPRISEHUB_WORKER=False,
        )
        with serve_in_thread(create_app(settings, engine=local_engine)) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
                body = (await http.get("/api/v1/claude/health")).json()
        assert body["services"]["database"]["status"] == "unhealthy"
        assert body["services"]["claude_agent"]["status"] == "healthy"
        assert body["overall_status"] == "unhealthy"
        assert "real_time_coaching" not in body["features_available"]
        assert "performance_analytics" not in body["features_available"]
        assert "next_question_suggestion" in body["features_available"]
