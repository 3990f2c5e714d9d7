"""A smaller version of benchmarks/ghl_webhooks.py: many deliveries at once, each processed exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from tests.fakes.ghl_server import FakeGhl
from tests.ghl.conftest import GhlTenant, Signer, inbound_message, post_signed, settle

DELIVERIES = 30


class TestConcurrentDeliveries:
    async def test_every_delivery_is_acknowledged_and_each_contact_updated_once_per_event(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        worker: GhlWorker,
        database: Database,
        fake_ghl: FakeGhl,
    ) -> None:
        payloads = [
            inbound_message(ghl_tenant.ghl_location_id, f"many{i}", "We'd like to buy a 2 bed condo soon")
            for i in range(DELIVERIES)
        ]
        # Each delivery sent twice at once as well: GHL's retries overlap with first attempts.
        answers = await asyncio.gather(*(post_signed(ghl_client, signer, p) for p in payloads * 2))
        assert Counter(a.status_code for a in answers) == {200: 2 * DELIVERIES}
        assert Counter(a.json()["status"] for a in answers) == {
            "accepted": DELIVERIES,
            "duplicate": DELIVERIES,
        }
        await asyncio.gather(settle(worker, database), settle(worker, database))
        updates = Counter(call.path for call in fake_ghl.calls("PUT", "/contacts/many"))
        assert updates == {f"/contacts/many{i}": 1 for i in range(DELIVERIES)}
