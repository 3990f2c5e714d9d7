"""The spec's `@handle_webhook("contact.created")` block runs as written, called by the real pipeline."""

from __future__ import annotations

from ghl_real_estate_ai.ghl.client import GhlClient
from ghl_real_estate_ai.ghl.location_client import LocationClient
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from tests.ghl import spec_handlers
from tests.ghl.conftest import Ghl, contact_event, settle


async def test_the_spec_handler_reads_the_new_lead_and_writes_its_insights_to_ghl(
    ghl: Ghl, local_engine: LocalEngine
) -> None:
    settings = ghl.server.settings.model_copy(update={"ghl_handler_modules": "tests.ghl.spec_handlers"})
    worker, worker_db, client = build_worker(settings, AnalysisService(local_engine))
    spec_client = GhlClient(settings)
    spec_handlers.ghl_client = LocationClient(spec_client, ghl.fake.token, ghl.tenant.ghl_location_id)
    created = contact_event(ghl.tenant.ghl_location_id, "spec_lead_1", [], kind="ContactCreate")
    created["message"] = "We want to sell our house this summer, what is it worth?"  # a form's free text
    try:
        await ghl.post(created)
        await settle(worker, ghl.database)
    finally:
        spec_handlers.ghl_client = None
        await spec_client.aclose()
        await client.aclose()
        await worker_db.dispose()
    fields = ghl.fake.custom_fields[ghl.tenant.ghl_location_id]
    ids = {f["fieldKey"].removeprefix("contact."): f["id"] for f in fields}
    [update] = ghl.fake.calls("PUT", "/contacts/spec_lead_1")
    written = {item["id"]: item["field_value"] for item in update.body["customFields"]}
    assert written[ids["claude_intent"]] in {"sell_property", "home_valuation"}
    assert 0 <= int(written[ids["ai_score"]]) <= 100
    assert written[ids["urgency_level"]] in {"low", "medium", "high", "critical"}
    assert written[ids["next_action"]]
