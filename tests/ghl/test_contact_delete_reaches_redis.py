"""A GHL ContactDelete handled by a standalone worker (no hub of its own) still removes the contact's
coaching events the API process retained in Redis for `resume`."""

from __future__ import annotations

import secrets

import httpx

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from ghl_real_estate_ai.storage.database import Database
from tests.fakes.ghl_server import FakeGhl
from tests.ghl.conftest import WEBHOOK, Signer, contact_event, encode, ghl_options, make_ghl_tenant, settle
from tests.security.test_erasure_everywhere import AGENT, _retained
from tests.support.servers import serve_app


async def test_a_contact_deleted_in_ghl_leaves_no_retained_event_in_redis(
    database_url: str,
    database: Database,
    signer: Signer,
    fake_ghl: FakeGhl,
    local_engine: LocalEngine,
    redis_url: str,
) -> None:
    options = {**ghl_options(signer, fake_ghl), "REDIS_URL": redis_url}
    with serve_app(database_url, local_engine, **options) as served:
        tenant = await make_ghl_tenant(database, served.settings, fake_ghl.token)
        contact_id = f"c_{secrets.token_hex(4)}"
        async with httpx.AsyncClient(base_url=served.base_url, timeout=10) as http:
            coached = await http.post(
                "/api/v1/claude/coaching/real-time",
                json={
                    "agent_id": AGENT,
                    "prospect_message": "Can we see the house on Elm Street this weekend?",
                    "conversation_context": {"lead_id": contact_id},
                },
                headers=tenant.headers,
            )
            assert coached.status_code == 200, coached.text
            analysis_id = coached.json()["analysis_id"]
            assert await _retained(redis_url, tenant.location_id, analysis_id) >= 1

            body = encode(contact_event(tenant.ghl_location_id, contact_id, [], "ContactDelete"))
            assert (await http.post(WEBHOOK, content=body, headers=signer.headers(body))).status_code == 200
            worker, worker_db, client = build_worker(served.settings, AnalysisService(local_engine))
            try:
                await settle(worker, database)
            finally:
                await client.aclose()
                await worker_db.dispose()
    assert await _retained(redis_url, tenant.location_id, analysis_id) == 0
