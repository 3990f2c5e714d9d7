"""Teams' own webhook handlers really run; an event the database refuses is dead-lettered, not retried."""

from __future__ import annotations

import httpx

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from ghl_real_estate_ai.storage.database import Database
from tests.fakes.ghl_server import FakeGhl
from tests.ghl import team_handlers
from tests.ghl.conftest import (
    GhlServer,
    GhlTenant,
    Signer,
    contact_event,
    inbound_message,
    post_signed,
    settle,
)


async def test_a_handler_module_named_in_the_settings_sees_each_contact_created(
    ghl_client: httpx.AsyncClient,
    signer: Signer,
    ghl_server: GhlServer,
    ghl_tenant: GhlTenant,
    database: Database,
    local_engine: LocalEngine,
) -> None:
    settings = ghl_server.settings.model_copy(update={"ghl_handler_modules": "tests.ghl.team_handlers"})
    worker, worker_db, client = build_worker(settings, AnalysisService(local_engine))
    created = contact_event(ghl_tenant.ghl_location_id, "new_lead_1", ["buyer"], kind="ContactCreate")
    await post_signed(ghl_client, signer, created)
    try:
        await settle(worker, database)
    finally:
        await client.aclose()
        await worker_db.dispose()
    assert {"id": "new_lead_1", "first_name": "Sam", "message": "", "source": None} in team_handlers.SEEN


async def test_an_event_the_database_refuses_is_dead_lettered_with_its_reason(
    ghl_client: httpx.AsyncClient,
    signer: Signer,
    ghl_tenant: GhlTenant,
    worker: GhlWorker,
    database: Database,
    database_url: str,
    fake_ghl: FakeGhl,
) -> None:
    too_long = "c" * 200  # the contact id column holds 128
    await post_signed(ghl_client, signer, inbound_message(ghl_tenant.ghl_location_id, too_long, "hello"))
    await settle(worker, database)
    dead = await ghl_client.get("/api/v1/ghl/inbox", params={"status": "dead"}, headers=ghl_tenant.headers)
    [row] = dead.json()
    assert row["attempts"] == 0 and "refused" in row["last_error"] and "lead_id" in row["last_error"]
    assert not fake_ghl.calls("PUT")
