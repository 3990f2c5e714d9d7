"""Retraining learns from what the location stored: conversations, readings, final outcomes."""

from __future__ import annotations

import random

import httpx

from ghl_real_estate_ai.learning.tabular import train_model
from ghl_real_estate_ai.learning.tabular.trainer import TrainingPolicy
from ghl_real_estate_ai.services.outcome_training import TARGET, outcome_table
from ghl_real_estate_ai.storage.database import Database
from tests.conftest import Tenant, make_tenant

READY = [
    "We're preapproved for 450k and want to close within 30 days",
    "Cash buyer here, can we see the 3 bed on Elm tomorrow?",
    "Our lease ends next month, we need a 2 bedroom condo under 300k asap",
]
BROWSING = [
    "Just looking around, maybe next year",
    "Not sure we can afford anything right now, just curious",
    "We might think about moving at some point, no rush",
]


async def coach(client: httpx.AsyncClient, tenant: Tenant, lead: str, message: str) -> None:
    body = {"agent_id": "agent_1", "prospect_message": message, "conversation_context": {"lead_id": lead}}
    answer = await client.post("/api/v1/claude/coaching/real-time", json=body, headers=tenant.headers)
    assert answer.status_code == 200, answer.text


async def test_retraining_learns_the_locations_outcomes_and_ignores_other_locations(
    client: httpx.AsyncClient, database: Database, tenant: Tenant
) -> None:
    rng = random.Random(5)
    for i in range(60):
        ready = i % 2 == 0
        lead = f"lead-{i}"
        await coach(client, tenant, lead, rng.choice(READY if ready else BROWSING))
        # Mostly as the messages suggest, with some noise, as real outcomes are.
        won = ready if rng.random() < 0.85 else not ready
        body = {"outcome": "closed_won" if won else "lost", "occurred_at": "2026-11-30T12:00:00Z"}
        assert (
            await client.post(f"/api/v1/leads/{lead}/outcome", json=body, headers=tenant.headers)
        ).is_success
    elsewhere = await make_tenant(database, "Elsewhere")
    await coach(client, elsewhere, "lead-x", READY[0])

    async with database.session() as session:
        table = await outcome_table(session, tenant.location_id)
    assert table.rows == 60
    assert "closed_won" not in table.names and "appointment" not in table.names
    trained = train_model(table, TARGET, policy=TrainingPolicy(cv_folds=3, calibration_folds=3, max_iter=40))
    assert trained.cv.auc > 0.7
    assert trained.cv.rows == 60
