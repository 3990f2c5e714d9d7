"""POST/GET /api/v1/feedback against a real server, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from ghl_real_estate_ai.storage.database import Database
from tests.support.dashboard_api import AFFORDABILITY, SEARCH, agent_headers, coach, unique
from tests.support.tenants import Tenant, make_tenant


def verdict(coaching: dict[str, object], **fields: object) -> dict[str, object]:
    item = "reply" if coaching["objection_detected"] else "suggestion"
    return {
        "analysis_id": coaching["analysis_id"],
        "revision": coaching["revision"],
        "item": item,
        "item_index": 0,
        "action": "dismissed",
        **fields,
    }


class TestRecordingFeedback:
    async def test_a_dismissed_reply_is_stored_with_what_the_analysis_says_about_it(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, AFFORDABILITY)
        headers = await agent_headers(client, tenant, agent)

        response = await client.post("/api/v1/feedback", json=verdict(coaching, rating=2), headers=headers)

        assert response.status_code == 200, response.text
        stored = response.json()
        assert stored["feedback_id"].startswith("fbk_")
        assert stored["agent_id"] == agent
        assert stored["lead_id"] == lead
        assert stored["conversation_id"] == f"conv-{lead}"
        assert stored["item"] == "reply"
        assert stored["item_text"] == coaching["suggestions"][0]
        assert stored["action"] == "dismissed"
        assert stored["rating"] == 2
        assert stored["engine"] == coaching["engine"]
        assert stored["objection_type"] == coaching["objection_type"]
        assert stored["language"] == coaching["language"]
        listed = await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=headers)
        assert [f["feedback_id"] for f in listed.json()["feedback"]] == [stored["feedback_id"]]

    async def test_a_second_verdict_on_the_same_item_replaces_the_first(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, SEARCH)
        headers = await agent_headers(client, tenant, agent)
        first = await client.post("/api/v1/feedback", json=verdict(coaching), headers=headers)
        second = await client.post(
            "/api/v1/feedback",
            json=verdict(coaching, action="edited", edited_text="Happy to help: what area?", rating=5),
            headers=headers,
        )
        assert first.status_code == second.status_code == 200
        assert second.json()["feedback_id"] == first.json()["feedback_id"]
        listed = (await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=headers)).json()
        assert listed["count"] == 1
        assert listed["feedback"][0]["action"] == "edited"
        assert listed["feedback"][0]["edited_text"] == "Happy to help: what area?"

    async def test_questions_are_named_by_their_place_in_the_recommended_questions(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, SEARCH)
        headers = await agent_headers(client, tenant, agent)
        last = len(coaching["recommended_questions"]) - 1
        response = await client.post(
            "/api/v1/feedback",
            json=verdict(coaching, item="question", item_index=last, action="used"),
            headers=headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["item_text"] == coaching["recommended_questions"][last]

    async def test_the_location_key_records_feedback_in_the_name_of_the_agent_it_gives(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead)
        without = await client.post("/api/v1/feedback", json=verdict(coaching), headers=tenant.headers)
        named = await client.post(
            "/api/v1/feedback", json=verdict(coaching, agent_id=agent), headers=tenant.headers
        )
        assert without.status_code == 422
        assert without.json()["error"] == "invalid_request"
        assert named.status_code == 200
        assert named.json()["agent_id"] == agent


class TestBadFeedback:
    async def test_items_that_do_not_exist_and_edits_without_text_are_422(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, AFFORDABILITY)
        headers = await agent_headers(client, tenant, agent)
        wrong_list = verdict(coaching, item="suggestion")  # an objection's items are replies
        past_the_end = verdict(coaching, item_index=50)
        edit_without_text = verdict(coaching, action="edited")
        unknown_action = verdict(coaching, action="loved")
        for body in (wrong_list, past_the_end, edit_without_text, unknown_action):
            response = await client.post("/api/v1/feedback", json=body, headers=headers)
            assert response.status_code == 422, body
            assert response.json()["message"]
        listed = await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=headers)
        assert listed.json()["count"] == 0

    async def test_an_unknown_analysis_or_revision_is_404(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = unique("agent")
        coaching = await coach(client, tenant, agent, unique("lead"))
        headers = await agent_headers(client, tenant, agent)
        for body in (verdict(coaching, analysis_id="ana_nope"), verdict(coaching, revision=2)):
            response = await client.post("/api/v1/feedback", json=body, headers=headers)
            assert response.status_code == 404
            assert response.json()["error"] == "not_found"

    async def test_no_credentials_or_a_forged_token_is_401(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        coaching = await coach(client, tenant, unique("agent"), unique("lead"))
        anonymous = await client.post("/api/v1/feedback", json=verdict(coaching))
        forged = await client.post(
            "/api/v1/feedback", json=verdict(coaching), headers={"Authorization": "Bearer abc.def"}
        )
        assert anonymous.status_code == forged.status_code == 401


class TestFeedbackStaysWithItsAgentAndLocation:
    async def test_another_agent_of_the_same_location_cannot_give_or_see_it(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        owner, other, lead = unique("agent"), unique("agent"), unique("lead")
        coaching = await coach(client, tenant, owner, lead)
        await client.post(
            "/api/v1/feedback", json=verdict(coaching), headers=await agent_headers(client, tenant, owner)
        )
        intruder = await agent_headers(client, tenant, other)

        given = await client.post("/api/v1/feedback", json=verdict(coaching), headers=intruder)
        in_his_name = await client.post(
            "/api/v1/feedback", json=verdict(coaching, agent_id=owner), headers=intruder
        )
        seen = await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=intruder)
        report = await client.get("/api/v1/feedback/report", headers=intruder)

        assert given.status_code == 404
        assert in_his_name.status_code == 403
        assert seen.json()["count"] == 0
        assert report.json()["total"] == 0

    async def test_another_location_sees_nothing_and_cannot_give_any(
        self, client: httpx.AsyncClient, tenant: Tenant, database: Database
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead)
        await client.post(
            "/api/v1/feedback", json=verdict(coaching), headers=await agent_headers(client, tenant, agent)
        )
        other = await make_tenant(database, "Other Realty")
        same_agent_elsewhere = await agent_headers(client, other, agent)
        for headers in (other.headers, same_agent_elsewhere):
            given = await client.post(
                "/api/v1/feedback", json=verdict(coaching, agent_id=agent), headers=headers
            )
            seen = await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=headers)
            assert given.status_code == 404
            assert seen.json()["count"] == 0


class TestFeedbackReport:
    async def test_use_rates_per_objection_type_language_and_engine_count_used_and_edited_as_use(
        self, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Report Realty")
        agent = unique("agent")
        headers = await agent_headers(client, tenant, agent)
        objection = await coach(client, tenant, agent, unique("lead"), AFFORDABILITY)
        search = await coach(client, tenant, agent, unique("lead"), SEARCH)
        spanish = await coach(
            client, tenant, agent, unique("lead"), "Buscamos una casa de tres recámaras cerca de la escuela"
        )
        verdicts = [
            verdict(objection, item_index=0, action="used", rating=4),
            verdict(objection, item_index=1, action="dismissed", rating=2),
            verdict(search, item_index=0, action="edited", edited_text="Which part of Austin?"),
            verdict(search, item="question", item_index=0, action="dismissed"),
            verdict(spanish, item_index=0, action="used"),
        ]
        for body in verdicts:
            response = await client.post("/api/v1/feedback", json=body, headers=headers)
            assert response.status_code == 200, response.text

        report = (await client.get("/api/v1/feedback/report", headers=tenant.headers)).json()

        assert report["total"] == 5
        assert report["overall"]["use_rate"] == 0.6
        by_type = {rate["key"]: rate for rate in report["by_objection_type"]}
        assert by_type[objection["objection_type"]]["use_rate"] == 0.5
        assert by_type[objection["objection_type"]]["mean_rating"] == 3.0
        assert by_type["none"]["total"] == 3
        by_language = {rate["key"]: rate["total"] for rate in report["by_language"]}
        assert by_language == {"en": 4, "es": 1}
        assert {rate["key"] for rate in report["by_engine"]} == {"local"}
        assert {rate["key"]: rate["total"] for rate in report["by_item"]} == {
            "reply": 2,
            "suggestion": 2,
            "question": 1,
        }
        assert sum(day["total"] for day in report["by_day"]) == 5
