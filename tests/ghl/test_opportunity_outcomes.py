"""GHL opportunity status changes arrive signed, go through the inbox and the worker, and become outcomes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from tests.ghl.conftest import Ghl, GhlTenant


def status_update(tenant: GhlTenant, contact_id: str, status: str, **extra: Any) -> dict[str, Any]:
    """An OpportunityStatusUpdate as GHL's marketplace webhook sends it."""
    return {
        "type": "OpportunityStatusUpdate",
        "locationId": tenant.ghl_location_id,
        "id": f"opp_{uuid.uuid4().hex[:10]}",
        "assignedTo": "user_1",
        "contactId": contact_id,
        "monetaryValue": 425000,
        "name": "12 Oak St purchase",
        "pipelineId": "pipe_1",
        "pipelineStageId": "stage_closing",
        "source": "website",
        "status": status,
        "dateAdded": "2026-10-01T10:00:00.000Z",  # when the opportunity was created, not when it changed
        "webhookId": str(uuid.uuid4()),
        "timestamp": datetime.now(UTC).isoformat(),
        **extra,
    }


async def _outcomes(ghl: Ghl, contact_id: str, tenant: GhlTenant | None = None) -> list[dict[str, Any]]:
    answer = await ghl.client.get(
        f"/api/v1/leads/{contact_id}/outcomes", headers=(tenant or ghl.tenant).headers
    )
    assert answer.status_code == 200, answer.text
    outcomes: list[dict[str, Any]] = answer.json()
    return outcomes


class TestOpportunityStatusOutcomes:
    async def test_a_won_opportunity_records_closed_won_from_ghl_at_the_time_it_changed(
        self, ghl: Ghl
    ) -> None:
        payload = status_update(ghl.tenant, "opp-c1", "won")
        assert (await ghl.post(payload)).status_code == 200
        await ghl.read_inbox()
        [outcome] = await _outcomes(ghl, "opp-c1")
        assert outcome["outcome"] == "closed_won"
        assert outcome["source"] == "ghl"
        changed_at = datetime.fromisoformat(payload["timestamp"])
        assert datetime.fromisoformat(outcome["occurred_at"]) == changed_at

    async def test_lost_and_abandoned_both_record_lost_and_open_records_nothing(self, ghl: Ghl) -> None:
        for contact, status in (("opp-c2", "lost"), ("opp-c3", "abandoned"), ("opp-c4", "open")):
            assert (await ghl.post(status_update(ghl.tenant, contact, status))).status_code == 200
        await ghl.read_inbox()
        assert [o["outcome"] for o in await _outcomes(ghl, "opp-c2")] == ["lost"]
        assert [o["outcome"] for o in await _outcomes(ghl, "opp-c3")] == ["lost"]
        assert await _outcomes(ghl, "opp-c4") == []

    async def test_a_redelivered_webhook_records_the_outcome_once(self, ghl: Ghl) -> None:
        payload = status_update(ghl.tenant, "opp-c5", "won")
        for _ in range(2):
            assert (await ghl.post(payload)).status_code == 200
        await ghl.read_inbox()
        assert len(await _outcomes(ghl, "opp-c5")) == 1

    async def test_an_unsigned_status_change_records_nothing(self, ghl: Ghl) -> None:
        from tests.ghl.conftest import WEBHOOK, encode

        body = encode(status_update(ghl.tenant, "opp-c6", "won"))
        answer = await ghl.client.post(WEBHOOK, content=body, headers={"x-ghl-signature": "bm90LXNpZ25lZA=="})
        assert answer.status_code == 401
        await ghl.read_inbox()
        assert await _outcomes(ghl, "opp-c6") == []

    async def test_the_outcome_stays_in_the_opportunitys_location(self, ghl: Ghl) -> None:
        other = await ghl.new_tenant()
        assert (await ghl.post(status_update(other, "opp-c7", "won"))).status_code == 200
        await ghl.read_inbox()
        assert [o["outcome"] for o in await _outcomes(ghl, "opp-c7", other)] == ["closed_won"]
        assert await _outcomes(ghl, "opp-c7") == []
