"""Reads of conversation content through the API leave rows in the audit chain: who read, through which
endpoint, about whom (as a hash); never the content, the contact id or a name."""

from __future__ import annotations

import json

import httpx
from sqlalchemy import select

from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.protection_tables import AuditEntry
from tests.conftest import Tenant
from tests.support.dashboard_api import SEARCH, agent_headers, coach, unique


async def _reads(database: Database, tenant: Tenant) -> list[AuditEntry]:
    async with database.session() as session:
        rows = await session.execute(
            select(AuditEntry)
            .where(AuditEntry.location_id == tenant.location_id, AuditEntry.action == "conversation.read")
            .order_by(AuditEntry.id)
        )
        return list(rows.scalars())


class TestConversationReadsAreAudited:
    async def test_a_leads_thread_its_list_and_its_qualification_flow_are_each_recorded_without_pii(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        agent, lead, name = unique("agent"), unique("lead"), unique("Ottilie")
        coached = await coach(client, tenant, agent, lead, SEARCH)
        verdict = {"analysis_id": coached["analysis_id"], "item": "suggestion", "item_index": 0}
        recorded = await client.post(
            "/api/v1/feedback",
            json={**verdict, "action": "used", "note": f"{name} liked it", "agent_id": agent},
            headers=tenant.headers,
        )
        assert recorded.status_code == 200, recorded.text
        flow = await client.post(
            "/api/v1/claude/qualification/start",
            json={"contact_id": lead, "contact_name": name, "initial_message": SEARCH},
            headers=tenant.headers,
        )
        assert flow.status_code == 201, flow.text
        assert await _reads(database, tenant) == []  # writing is not reading

        token = await agent_headers(client, tenant, agent)
        thread = await client.get(f"/api/v1/dashboard/leads/{lead}", headers=token)
        listed = await client.get("/api/v1/dashboard/leads", headers=tenant.headers)
        state = await client.get(
            f"/api/v1/claude/qualification/{flow.json()['flow_id']}", headers=tenant.headers
        )
        notes = await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=token)
        assert [r.status_code for r in (thread, listed, state, notes)] == [200, 200, 200, 200]
        assert SEARCH in thread.text and name in state.text and name in notes.text  # content was read

        rows = await _reads(database, tenant)
        subject = audit_chain.subject_of(tenant.location_id, lead)
        assert [(r.actor, r.details["endpoint"]) for r in rows] == [
            (f"agent:{agent}", "dashboard.lead"),
            ("api", "dashboard.leads"),
            ("api", "qualification.state"),
            (f"agent:{agent}", "feedback.list"),
        ]
        assert rows[0].subject == rows[2].subject == rows[3].subject == subject
        for row in rows:
            written = json.dumps(row.details) + (row.subject or "")
            assert lead not in written and name not in written and "Austin" not in written
        async with database.session() as session:
            assert (await audit_chain.verify(session)).ok

    async def test_the_dashboard_polling_the_same_thread_is_one_look_not_a_row_per_poll(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead, SEARCH)
        token = await agent_headers(client, tenant, agent)
        for _ in range(5):
            assert (await client.get(f"/api/v1/dashboard/leads/{lead}", headers=token)).status_code == 200
        other = unique("lead")
        await coach(client, tenant, agent, other, SEARCH)
        assert (await client.get(f"/api/v1/dashboard/leads/{other}", headers=token)).status_code == 200
        rows = await _reads(database, tenant)
        assert [r.subject for r in rows] == [
            audit_chain.subject_of(tenant.location_id, lead),
            audit_chain.subject_of(tenant.location_id, other),
        ]
