from __future__ import annotations

import httpx


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
