"""GET /api/v1/dashboard/* against a real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_tables import GhlContactState
from tests.api.test_claude_engine import claude_server
from tests.fakes.anthropic_server import FakeAnthropic, slow
from tests.support.dashboard_api import AFFORDABILITY, SEARCH, agent_headers, coach, unique
from tests.support.tenants import Tenant, make_tenant


class TestAnAgentsLeads:
    async def test_a_token_lists_only_its_own_agents_leads_and_the_key_lists_all(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Leads Realty")
        mine, theirs = unique("agent"), unique("agent")
        first, second, other = unique("lead"), unique("lead"), unique("lead")
        await coach(client, tenant, mine, first, SEARCH)
        await coach(client, tenant, mine, second, AFFORDABILITY)
        await coach(client, tenant, theirs, other)

        as_agent = await client.get(
            "/api/v1/dashboard/leads", headers=await agent_headers(client, tenant, mine)
        )
        as_location = await client.get("/api/v1/dashboard/leads", headers=tenant.headers)

        assert [lead["lead_id"] for lead in as_agent.json()["leads"]] == [second, first]
        assert {lead["lead_id"] for lead in as_location.json()["leads"]} == {first, second, other}
        searching = next(lead for lead in as_agent.json()["leads"] if lead["lead_id"] == first)
        budget = next(a for a in searching["qualification"]["areas"] if a["area"] == "budget")
        assert "budget_range" in budget["answered"]


class TestALeadsLiveCoaching:
    async def test_the_thread_and_the_latest_coaching_with_its_questions_and_reasons(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead, SEARCH)
        latest = await coach(client, tenant, agent, lead, AFFORDABILITY)

        response = await client.get(
            f"/api/v1/dashboard/leads/{lead}", headers=await agent_headers(client, tenant, agent)
        )

        assert response.status_code == 200, response.text
        detail = response.json()
        assert [m["body"] for m in detail["thread"]] == [SEARCH, AFFORDABILITY]
        assert {m["speaker"] for m in detail["thread"]} == {"prospect"}
        live = detail["coaching"]
        assert live["analysis_id"] == latest["analysis_id"]
        assert live["revision"] == 1 and live["revisions"] == [1]
        assert live["coaching"]["suggestions"] == latest["suggestions"]
        assert [q["question"] for q in live["question_guide"]] == latest["recommended_questions"]
        assert all(q["rationale"] for q in live["question_guide"])
        assert detail["preferences"]["bedrooms"] == 4
        assert detail["agents"] == [agent]
        assert detail["qualification"]["stage"] in ("engaged", "qualifying")

    async def test_the_version_changes_when_a_message_arrives(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead, SEARCH)
        headers = await agent_headers(client, tenant, agent)
        before = (await client.get(f"/api/v1/dashboard/leads/{lead}", headers=headers)).json()["version"]
        await coach(client, tenant, agent, lead, AFFORDABILITY)
        after = (await client.get(f"/api/v1/dashboard/leads/{lead}", headers=headers)).json()["version"]
        assert before != after


class TestLeadsStayWithTheirAgentAndLocation:
    async def test_another_agent_or_another_location_gets_404_for_the_lead(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        owner, lead = unique("agent"), unique("lead")
        await coach(client, tenant, owner, lead)
        other = await make_tenant(database, "Elsewhere Realty")
        for headers in (
            await agent_headers(client, tenant, unique("agent")),
            other.headers,
            await agent_headers(client, other, owner),
        ):
            response = await client.get(f"/api/v1/dashboard/leads/{lead}", headers=headers)
            listed = await client.get("/api/v1/dashboard/leads", headers=headers)
            assert response.status_code == 404
            assert lead not in {row["lead_id"] for row in listed.json()["leads"]}


class TestTeamSummary:
    async def test_leads_by_stage_and_tier_and_the_engines_recorded_latency(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Team Realty")
        agent = unique("agent")
        answers = [
            await coach(client, tenant, agent, unique("lead"), text) for text in (SEARCH, AFFORDABILITY)
        ]

        team = (await client.get("/api/v1/dashboard/team", headers=tenant.headers)).json()

        assert team["leads"] == 2
        assert sum(row["count"] for row in team["by_stage"]) == 2
        assert team["by_tier"] == [{"key": "unplanned", "count": 2}]
        (local,) = team["engines"]
        assert local["engine"] == "local" and local["analyses"] == 2
        slowest = max(answer["processing_time_ms"] for answer in answers)
        assert local["latency_p99_ms"] == slowest


class TestClaudesRevision:
    async def test_revision_2_replaces_revision_1_in_the_live_coaching_and_takes_feedback(
        self,
        database_url: str,
        tenant: Tenant,
        local_engine: LocalEngine,
        fake_anthropic: FakeAnthropic,
    ) -> None:
        fake_anthropic.script(default=slow(0.1))
        agent, lead = unique("agent"), unique("lead")
        with claude_server(database_url, local_engine, fake_anthropic) as srv:
            async with httpx.AsyncClient(base_url=srv.base_url, timeout=10) as http:
                first = await coach(http, tenant, agent, lead, AFFORDABILITY)
                headers = await agent_headers(http, tenant, agent)
                live: dict[str, object] = {}
                for _ in range(60):
                    detail = (await http.get(f"/api/v1/dashboard/leads/{lead}", headers=headers)).json()
                    live = detail["coaching"]
                    if live["revision"] == 2:
                        break
                    await asyncio.sleep(0.05)
                verdict = await http.post(
                    "/api/v1/feedback",
                    json={
                        "analysis_id": first["analysis_id"],
                        "revision": 2,
                        "item": "reply" if live["coaching"]["objection_detected"] else "suggestion",  # type: ignore[index]
                        "item_index": 0,
                        "action": "used",
                    },
                    headers=headers,
                )
        assert (first["revision"], first["engine"]) == (1, "local")
        assert live["analysis_id"] == first["analysis_id"]
        assert live["revisions"] == [1, 2]
        assert live["coaching"]["engine"] == "claude"  # type: ignore[index]
        assert verdict.status_code == 200, verdict.text
        assert verdict.json()["engine"] == "claude"


class TestGhlConversations:
    """The GHL worker stores a semantic reading of each message, with no agent on the conversation;
    GHL's assigned user owns the contact. The semantic endpoint stores exactly the same rows."""

    async def test_the_assigned_agent_sees_the_lead_coached_and_can_give_feedback_others_do_not(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        assignee, other, contact_id = unique("ghl_user"), unique("ghl_user"), unique("ghl_contact")
        stored = await client.post(
            "/api/v1/claude/semantic/analyze",
            json={
                "conversation_messages": [{"speaker": "prospect", "message": AFFORDABILITY}],
                "lead_id": contact_id,
                "conversation_id": f"ghl-{contact_id}",
            },
            headers=tenant.headers,
        )
        assert stored.status_code == 200, stored.text
        async with database.session() as session:
            session.add(
                GhlContactState(
                    location_id=tenant.location_id, ghl_contact_id=contact_id, assigned_to=assignee
                )
            )
        mine = await agent_headers(client, tenant, assignee)
        theirs = await agent_headers(client, tenant, other)

        detail = await client.get(f"/api/v1/dashboard/leads/{contact_id}", headers=mine)
        hidden = await client.get(f"/api/v1/dashboard/leads/{contact_id}", headers=theirs)
        as_location = await client.get(f"/api/v1/dashboard/leads/{contact_id}", headers=tenant.headers)

        assert detail.status_code == 200, detail.text
        live = detail.json()["coaching"]
        assert live["coaching"]["objection_detected"] is True
        assert live["coaching"]["suggestions"]
        assert hidden.status_code == 404
        assert as_location.status_code == 200
        verdict = {
            "analysis_id": live["analysis_id"],
            "revision": live["revision"],
            "item": "reply",
            "item_index": 0,
            "action": "used",
        }
        given = await client.post("/api/v1/feedback", json=verdict, headers=mine)
        refused = await client.post("/api/v1/feedback", json=verdict, headers=theirs)
        assert given.status_code == 200, given.text
        assert given.json()["item_text"] == live["coaching"]["suggestions"][0]
        assert given.json()["lead_id"] == contact_id
        assert refused.status_code == 404
