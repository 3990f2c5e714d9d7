"""The dashboard app under Streamlit's AppTest, against a real API server on a free port."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

import ghl_real_estate_ai.streamlit_components as components
from ghl_real_estate_ai.storage.database import Database
from tests.conftest import RunningServer
from tests.support.dashboard_api import AFFORDABILITY, SEARCH, agent_headers, coach, unique
from tests.support.tenants import Tenant, make_tenant

APP = str(Path(components.__file__).with_name("app.py"))
TIMEOUT_S = 30


@pytest.fixture
def app_env(server: RunningServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ENTERPRISEHUB_DASHBOARD_API_URL", server.base_url)
    monkeypatch.delenv("ENTERPRISEHUB_DASHBOARD_KEY_FILE", raising=False)
    return server.base_url


def signed_in(credential: str, agent_id: str = "") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    app.text_input[1].input(credential)
    app.text_input[2].input(agent_id)
    app.button[0].click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def texts(app: AppTest) -> list[str]:
    return [element.value for element in app.text]


class TestSigningIn:
    async def test_an_agent_token_opens_the_agent_view_on_the_latest_lead(
        self, app_env: str, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, AFFORDABILITY)
        token = (await agent_headers(client, tenant, agent))["Authorization"].removeprefix("Bearer ")

        app = signed_in(token)

        assert f"Lead {lead}" in texts(app)
        assert AFFORDABILITY in texts(app)
        assert coaching["suggestions"][0] in texts(app)
        subheaders = [s.value for s in app.subheader]
        for panel in ("Live Coaching", "Objection Assistant", "Question Guide", "Qualification Progress"):
            assert panel in subheaders
        assert any(m.label == "Engine" and m.value == "local" for m in app.metric)

    async def test_the_location_key_signs_in_as_a_named_agent_and_is_never_shown_whole(
        self, app_env: str, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead)

        app = signed_in(tenant.api_key, agent)

        assert f"Lead {lead}" in texts(app)
        shown = " ".join(texts(app) + [m.value for m in app.markdown] + [c.value for c in app.caption])
        assert tenant.api_key not in shown
        assert f"Signed in with {tenant.api_key[:8]}…" in texts(app)

    async def test_a_bad_credential_is_refused_with_the_apis_message(self, app_env: str) -> None:
        app = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
        app.text_input[1].input("ehk_not-a-key")
        app.text_input[2].input("agent_1")
        app.button[0].click().run()
        assert "Unknown or revoked API key." in app.error[0].value


class TestFeedbackControls:
    async def test_dismiss_use_with_a_rating_and_edit_are_stored_through_the_api(
        self, app_env: str, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        coaching = await coach(client, tenant, agent, lead, SEARCH)
        headers = await agent_headers(client, tenant, agent)
        app = signed_in(headers["Authorization"].removeprefix("Bearer "))
        key = f"fb-{coaching['analysis_id']}-1"

        app.button(key=f"{key}-suggestion-0-dismiss").click().run()
        app.selectbox(key=f"{key}-question-0-rating").select(4).run()
        app.button(key=f"{key}-question-0-use").click().run()
        app.text_area(key=f"{key}-suggestion-1-text").input("Which neighborhoods do you like?").run()
        app.button(key=f"{key}-suggestion-1-edit").click().run()

        stored = (await client.get("/api/v1/feedback", params={"lead_id": lead}, headers=headers)).json()
        verdicts = {(f["item"], f["item_index"]): f for f in stored["feedback"]}
        assert verdicts[("suggestion", 0)]["action"] == "dismissed"
        assert verdicts[("question", 0)]["action"] == "used"
        assert verdicts[("question", 0)]["rating"] == 4
        assert verdicts[("suggestion", 1)]["edited_text"] == "Which neighborhoods do you like?"
        assert all(f["engine"] == "local" and f["revision"] == 1 for f in stored["feedback"])
        assert "✓ dismissed" in [c.value for c in app.caption]


class TestTypingAndTheDemo:
    async def test_a_typed_prospect_message_is_coached_over_the_websocket_and_shown(
        self, app_env: str, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead, SEARCH)
        app = signed_in((await agent_headers(client, tenant, agent))["Authorization"].removeprefix("Bearer "))

        app.sidebar.text_area[0].input(AFFORDABILITY)
        app.sidebar.button[-1].click().run()  # the form's "Send as prospect"

        assert not app.error, [e.value for e in app.error]
        assert AFFORDABILITY in texts(app.run())
        assert any(m.label == "Objection" for m in app.metric)

    async def test_play_demo_sends_the_first_prospect_message_to_a_new_demo_lead(
        self, app_env: str, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        agent = unique("agent")
        await coach(client, tenant, agent, unique("lead"))
        headers = await agent_headers(client, tenant, agent)
        app = signed_in(headers["Authorization"].removeprefix("Bearer "))

        next(b for b in app.sidebar.button if b.label == "▶ Play demo").click().run()
        app.run()

        leads = (await client.get("/api/v1/dashboard/leads", headers=headers)).json()["leads"]
        assert leads[0]["lead_id"].startswith("demo-")
        assert any(t.startswith(f"Lead {leads[0]['lead_id']}") for t in texts(app))


class TestTeamView:
    async def test_the_team_view_charts_recorded_figures_and_completes_an_action(
        self, app_env: str, client: httpx.AsyncClient, database: Database
    ) -> None:
        tenant = await make_tenant(database, "Team View Realty")
        agent, lead = unique("agent"), unique("lead")
        await coach(client, tenant, agent, lead, "We need to buy this week, can you call me today?")
        plan = await client.post(
            "/api/v1/claude/actions/create-plan",
            json={
                "contact_id": lead,
                "conversation_messages": [{"speaker": "prospect", "message": "Call me today"}],
            },
            headers=tenant.headers,
        )
        assert plan.status_code == 200, plan.text
        app = signed_in(tenant.api_key, agent)
        app.sidebar.radio[0].set_value("Team").run()

        assert not app.exception
        assert len(app.get("plotly_chart")) >= 3
        assert {m.label: m.value for m in app.metric}["Leads with a conversation"] == "1"
        week = {"within": "7d"}
        before = await client.get("/api/v1/claude/actions/due", params=week, headers=tenant.headers)
        complete = next(b for b in app.button if b.label == "Complete")
        complete.click().run()
        due = await client.get("/api/v1/claude/actions/due", params=week, headers=tenant.headers)
        # One action fewer is due, whatever the plan's shape ("Call me today" plans follow-ups this week).
        assert len(due.json()["actions"]) == len(before.json()["actions"]) - 1
