"""A prospect's message is read the same way whether it arrives by GHL or by the HTTP API."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.domain.actions import ActionPlan
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.ghl.write_back import scorer_contact
from ghl_real_estate_ai.services.enhanced_lead_scorer import enhanced_lead_scorer
from tests.ghl.conftest import Ghl

# The second carries an objection: its severity once got lost on the way through GHL (scored 27 vs 24).
MESSAGES = {
    "hot": "Preapproved for 500k, close within 30 days, show us homes tomorrow",
    "objection": "We love the house but the price is too high for us right now",
}


@pytest.mark.parametrize("kind", MESSAGES)
async def test_a_webhook_and_create_plan_give_the_same_score_tier_and_factors(kind: str, ghl: Ghl) -> None:
    message, via_ghl = MESSAGES[kind], f"via_ghl_{kind}"
    await ghl.message(via_ghl, message)
    await ghl.settle()
    turns = [{"speaker": "prospect", "message": message}]
    planned = await ghl.client.post(
        "/api/v1/claude/actions/create-plan",
        json={"contact_id": f"via_http_{kind}", "conversation_messages": turns},
        headers=ghl.tenant.headers,
    )
    assert planned.status_code == 200, planned.text
    plan = planned.json()

    fields = ghl.fake.custom_fields[ghl.tenant.ghl_location_id]
    ids = {f["fieldKey"].removeprefix("contact."): f["id"] for f in fields}
    [update] = ghl.fake.calls("PUT", f"/contacts/{via_ghl}")
    written = {item["id"]: item["field_value"] for item in update.body["customFields"]}
    # `ai_score` is the enhanced lead score of the same reading and plan (not the planner's priority);
    # no contact event came and the location has no model, so it is the signals' score.
    read = await ghl.client.post(
        "/api/v1/claude/semantic/analyze", json={"conversation_messages": turns}, headers=ghl.tenant.headers
    )
    contact = scorer_contact(ActionPlan.model_validate(plan), {})
    expected = enhanced_lead_scorer.score(contact, SemanticAnalysis.model_validate(read.json()))
    assert written[ids["ai_score"]] == str(expected.value)

    factors = ", ".join(f"{f['name']} {f['contribution']:+.0f}" for f in plan["priority_factors"])
    [note] = ghl.fake.notes[via_ghl]
    score = round(plan["priority_score"])
    assert f"Priority {score}/100, {plan['priority_tier']} priority: {factors}." in note["body"]
