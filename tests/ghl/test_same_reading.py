"""A prospect's message is read the same way whether it arrives by GHL or by the HTTP API."""

from __future__ import annotations

import httpx
import pytest

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from tests.fakes.ghl_server import FakeGhl
from tests.ghl.conftest import GhlTenant, Signer, inbound_message, post_signed, settle

# The second carries an objection: its severity once got lost on the way through GHL (scored 27 vs 24).
MESSAGES = {
    "hot": "Preapproved for 500k, close within 30 days, show us homes tomorrow",
    "objection": "We love the house but the price is too high for us right now",
}


@pytest.mark.parametrize("kind", MESSAGES)
async def test_a_webhook_and_create_plan_give_the_same_score_tier_and_factors(
    kind: str,
    ghl_client: httpx.AsyncClient,
    signer: Signer,
    ghl_tenant: GhlTenant,
    worker: GhlWorker,
    database: Database,
    fake_ghl: FakeGhl,
) -> None:
    message, via_ghl = MESSAGES[kind], f"via_ghl_{kind}"
    await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, via_ghl, message))
    await settle(worker, database)
    planned = await ghl_client.post(
        "/api/v1/claude/actions/create-plan",
        json={
            "contact_id": f"via_http_{kind}",
            "conversation_messages": [{"speaker": "prospect", "message": message}],
        },
        headers=ghl_tenant.headers,
    )
    assert planned.status_code == 200, planned.text
    plan = planned.json()

    ids = {
        f["fieldKey"].removeprefix("contact."): f["id"]
        for f in fake_ghl.custom_fields[ghl_tenant.ghl_location_id]
    }
    [update] = fake_ghl.calls("PUT", f"/contacts/{via_ghl}")
    written = {item["id"]: item["field_value"] for item in update.body["customFields"]}
    assert written[ids["ai_score"]] == str(round(plan["priority_score"]))

    factors = ", ".join(f"{f['name']} {f['contribution']:+.0f}" for f in plan["priority_factors"])
    [note] = fake_ghl.notes[via_ghl]
    assert (
        f"Lead score {round(plan['priority_score'])}/100, {plan['priority_tier']} priority: {factors}."
        in note["body"]
    )
