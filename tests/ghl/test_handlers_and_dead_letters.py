"""Teams' own webhook handlers really run; an event whose content can never be taken is dead-lettered."""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from tests.ghl import team_handlers
from tests.ghl.conftest import Ghl, contact_event, settle


async def test_a_handler_module_named_in_the_settings_sees_each_contact_created(
    ghl: Ghl, local_engine: LocalEngine
) -> None:
    settings = ghl.server.settings.model_copy(update={"ghl_handler_modules": "tests.ghl.team_handlers"})
    worker, worker_db, client = build_worker(settings, AnalysisService(local_engine))
    await ghl.post(contact_event(ghl.tenant.ghl_location_id, "new_lead_1", ["buyer"], kind="ContactCreate"))
    try:
        await settle(worker, ghl.database)
    finally:
        await client.aclose()
        await worker_db.dispose()
    assert {"id": "new_lead_1", "first_name": "Sam", "message": "", "source": None} in team_handlers.SEEN


async def test_an_event_whose_content_can_never_be_taken_is_dead_lettered_with_its_reason(ghl: Ghl) -> None:
    too_long = "c" * 200  # contact ids are at most 128 characters
    await ghl.message(too_long, "hello")
    await ghl.settle()
    dead = await ghl.client.get("/api/v1/ghl/inbox", params={"status": "dead"}, headers=ghl.tenant.headers)
    [row] = dead.json()
    assert row["attempts"] == 0 and "refused" in row["last_error"] and "lead_id" in row["last_error"]
    assert "hello" not in row["last_error"]
    assert not ghl.fake.calls("PUT")
