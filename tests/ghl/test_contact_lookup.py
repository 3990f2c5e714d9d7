"""GHL gives a contact's name, email and phone: the name is stored encrypted, email and phone only as
keyed hashes, and `POST /api/v1/contacts/lookup` finds the contact by either, however written."""

from __future__ import annotations

import secrets

import httpx
from sqlalchemy import select

from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from tests.conftest import make_tenant
from tests.ghl.conftest import WEBHOOK, GhlTenant, Signer, contact_event, encode, settle
from tests.security.test_encryption_at_rest import _database_bytes

LOOKUP = "/api/v1/contacts/lookup"


class TestContactLookup:
    async def test_a_contact_is_found_by_email_or_phone_and_neither_nor_its_name_is_readable_at_rest(
        self,
        ghl_client: httpx.AsyncClient,
        signer: Signer,
        ghl_tenant: GhlTenant,
        database: Database,
        database_url: str,
        worker: GhlWorker,
    ) -> None:
        tag = secrets.token_hex(3)
        contact_id = f"c_{tag}"
        email, digits = f"Mara.Vost{tag}@Example.com", f"{secrets.randbelow(9000) + 1000}"
        # An update (GHL sends the same fields): a ContactCreate would also run the process-wide handler
        # test_spec_webhook_block.py registers, which refuses events without a message.
        event = contact_event(ghl_tenant.ghl_location_id, contact_id, ["buyer"], "ContactUpdate")
        event.update(firstName=f"Mara{tag}", lastName=f"Vost{tag}", email=email, phone=f"+1512555{digits}")
        body = encode(event)
        assert (await ghl_client.post(WEBHOOK, content=body, headers=signer.headers(body))).status_code == 200
        await settle(worker, database)

        for asked in ({"email": email.lower() + " "}, {"phone": f"(512) 555-{digits}"}):
            found = await ghl_client.post(LOOKUP, json=asked, headers=ghl_tenant.headers)
            assert found.status_code == 200, found.text
            assert found.json() == {"contact_ids": [contact_id]}
        missing = await ghl_client.post(
            LOOKUP, json={"email": "nobody@example.com"}, headers=ghl_tenant.headers
        )
        assert missing.json() == {"contact_ids": []}
        other = await make_tenant(database)
        elsewhere = await ghl_client.post(LOOKUP, json={"email": email}, headers=other.headers)
        assert elsewhere.json() == {"contact_ids": []}
        assert (await ghl_client.post(LOOKUP, json={}, headers=ghl_tenant.headers)).status_code == 422

        exported = await ghl_client.get(f"/api/v1/contacts/{contact_id}/export", headers=ghl_tenant.headers)
        assert exported.json()["profile"]["name"] == f"Mara{tag} Vost{tag}"  # readable through the API
        stored = _database_bytes(database_url)
        assert ghl_tenant.location_id.encode() in stored
        for value in (f"Mara{tag}", f"Vost{tag}", email, email.lower(), f"555{digits}"):
            assert value.encode() not in stored, f"{value!r} is readable at rest"
        async with database.session() as session:
            audited = await session.execute(
                select(AuditEntry.details).where(
                    AuditEntry.location_id == ghl_tenant.location_id, AuditEntry.action == "contact.lookup"
                )
            )
            details = list(audited.scalars())
        assert len(details) == 3
        assert all(email.lower() not in str(d).lower() and digits not in str(d) for d in details)
