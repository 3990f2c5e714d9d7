"""The dashboard in headless Chromium (Debian's package, driven by Playwright): a real API, a real
Streamlit server, a real browser. Screenshots go to test-output/e2e/ (not committed)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ghl_real_estate_ai.api.app import create_app
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.streamlit_components.launcher import dashboard_environment, streamlit_command
from tests.support.dashboard_api import AFFORDABILITY, SEARCH, unique
from tests.support.servers import free_port, serve_in_thread
from tests.support.tenants import Tenant, make_tenant

CHROMIUM = "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "e2e"
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
LIVE_WITHIN_S = 2.0
LATER_MESSAGES = (
    "Honestly that seems expensive for what you get in this market.",
    "My wife also needs to see it before we decide anything.",
)
START_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="Debian's chromium is not installed"
)


@dataclass(frozen=True)
class Stack:
    api_url: str
    dashboard_url: str


@pytest.fixture(scope="module")
def stack(sqlite_url: str, local_engine: LocalEngine) -> Iterator[Stack]:
    """The API in a thread of this process, the dashboard as `enterprisehub dashboard` runs it."""
    settings = Settings(DATABASE_URL=sqlite_url, ENTERPRISEHUB_ENV="test", ENTERPRISEHUB_WORKER=False)
    with serve_in_thread(create_app(settings, engine=local_engine)) as api_url:
        port = free_port()
        env = dashboard_environment(api_url, None)
        env.pop("ENTERPRISEHUB_DASHBOARD_KEY_FILE", None)
        dashboard = subprocess.Popen(
            streamlit_command("127.0.0.1", port),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{url}/_stcore/health")
            yield Stack(api_url, url)
        finally:
            dashboard.terminate()
            dashboard.wait(timeout=10)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    opened = context.new_page()
    yield opened
    context.close()


def new_tenant(database_url: str, name: str) -> Tenant:
    """A tenant made in a thread of its own: Playwright's sync API owns this thread's event loop."""

    async def make() -> Tenant:
        database = Database(database_url)
        try:
            return await make_tenant(database, name)
        finally:
            await database.dispose()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, make()).result()


@pytest.fixture
def tenant_a(sqlite_url: str) -> Tenant:
    return new_tenant(sqlite_url, "Browser A")


@pytest.fixture
def tenant_b(sqlite_url: str) -> Tenant:
    return new_tenant(sqlite_url, "Browser B")


def token_for(stack: Stack, tenant: Tenant, agent_id: str) -> str:
    response = httpx.post(
        f"{stack.api_url}/api/v1/auth/agent-token", json={"agent_id": agent_id}, headers=tenant.headers
    )
    response.raise_for_status()
    return str(response.json()["token"])


def send(stack: Stack, tenant: Tenant, agent_id: str, lead_id: str, message: str) -> dict[str, object]:
    response = httpx.post(
        f"{stack.api_url}/api/v1/claude/coaching/real-time",
        json={
            "agent_id": agent_id,
            "conversation_context": {"lead_id": lead_id, "conversation_id": f"conv-{lead_id}"},
            "prospect_message": message,
        },
        headers=tenant.headers,
        timeout=10,
    )
    response.raise_for_status()
    body: dict[str, object] = response.json()
    return body


def sign_in(page: Page, stack: Stack, token: str) -> None:
    page.goto(stack.dashboard_url)
    page.get_by_label("Agent token or location API key").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Agent assist")).to_be_visible(timeout=15_000)


def screenshot(page: Page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}.png"), full_page=True)


class TestLiveCoachingInTheBrowser:
    def test_a_prospect_message_sent_through_the_api_shows_its_coaching_within_2_s_and_dismiss_is_stored(
        self, stack: Stack, page: Page, tenant_a: Tenant
    ) -> None:
        agent, lead = unique("agent"), unique("lead")
        send(stack, tenant_a, agent, lead, SEARCH)
        token = token_for(stack, tenant_a, agent)
        sign_in(page, stack, token)
        expect(page.get_by_text(SEARCH, exact=True)).to_be_visible(timeout=10_000)

        # A loaded machine (CI shares its cores) can stall one round trip: up to three messages are
        # measured, and one must show within the limit. Every figure is kept in test-output.
        timings: list[str] = []
        for message in (AFFORDABILITY, *LATER_MESSAGES):
            sent_at = time.monotonic()
            coaching = send(stack, tenant_a, agent, lead, message)
            answered_after = time.monotonic() - sent_at
            first_reply = str(coaching["suggestions"][0])  # type: ignore[index]
            expect(page.get_by_text(message, exact=True)).to_be_visible(timeout=10_000)
            expect(page.get_by_text(first_reply, exact=True).first).to_be_visible(timeout=10_000)
            shown_after = time.monotonic() - sent_at
            timings.append(f"answered {answered_after:.3f} shown {shown_after:.3f}")
            if shown_after < LIVE_WITHIN_S:
                break
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / "live_latency_s.txt").write_text("\n".join(timings) + "\n")
        assert shown_after < LIVE_WITHIN_S, timings
        screenshot(page, "live_coaching")

        page.get_by_role("button", name="Dismiss").first.click()
        stored = _feedback(stack, token, lead)
        assert stored["analysis_id"] == coaching["analysis_id"]
        assert stored["action"] == "dismissed"
        assert stored["item_text"] == first_reply
        expect(page.get_by_text("✓ dismissed")).to_be_visible(timeout=5_000)
        screenshot(page, "dismissed")


def _feedback(stack: Stack, token: str, lead: str) -> dict[str, object]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        listed = httpx.get(
            f"{stack.api_url}/api/v1/feedback",
            params={"lead_id": lead},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        if listed["count"]:
            found: dict[str, object] = listed["feedback"][0]
            return found
        time.sleep(0.1)
    raise AssertionError("the dismissal was not stored")


class TestProspectTextIsOnlyText:
    def test_markup_in_a_message_shows_literally_and_runs_nothing(
        self, stack: Stack, page: Page, tenant_a: Tenant
    ) -> None:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        agent, lead = unique("agent"), unique("lead")
        send(stack, tenant_a, agent, lead, SEARCH)
        sign_in(page, stack, token_for(stack, tenant_a, agent))

        send(stack, tenant_a, agent, lead, XSS)

        expect(page.get_by_text(XSS, exact=True)).to_be_visible(timeout=5_000)
        page.wait_for_timeout(1_000)  # room for an onerror or a script to fire, if it could
        assert dialogs == []
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("script", has_text="alert(1)").count() == 0
        screenshot(page, "xss_literal")


class TestTenancyInTheBrowser:
    def test_an_agents_page_shows_none_of_another_locations_or_another_agents_leads(
        self, stack: Stack, page: Page, tenant_a: Tenant, tenant_b: Tenant
    ) -> None:
        agent, colleague = unique("agent"), unique("agent")
        mine, colleagues, elsewhere = unique("lead"), unique("lead"), unique("lead")
        send(stack, tenant_a, agent, mine, SEARCH)
        sign_in(page, stack, token_for(stack, tenant_a, agent))
        expect(page.get_by_text(f"Lead {mine}", exact=True)).to_be_visible(timeout=10_000)

        # Sent later, so a leak would make them the page's "latest activity".
        colleague_text = "Colleague's lead: we want a condo downtown with a gym"
        other_text = "Other location's lead: selling our ranch in Amarillo"
        send(stack, tenant_a, colleague, colleagues, colleague_text)
        send(stack, tenant_b, agent, elsewhere, other_text)
        page.wait_for_timeout(1_500)

        content = page.content()
        for leaked in (colleagues, elsewhere, colleague_text, other_text):
            assert leaked not in content
        page.get_by_role("combobox").first.click()
        options = page.get_by_role("option").all_inner_texts()
        assert mine in " ".join(options)
        assert colleagues not in " ".join(options) and elsewhere not in " ".join(options)
        screenshot(page, "tenancy")


def test_chromium_is_debians() -> None:
    assert shutil.which("chromium") == CHROMIUM
