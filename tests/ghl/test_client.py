"""GhlClient against the fake GHL: headers, clear errors, backoff, and the per-location rate limit."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from ghl_real_estate_ai.ghl.client import GhlClient, GhlRejected, GhlUnauthorized
from ghl_real_estate_ai.ghl.location_client import LocationClient
from tests.fakes.ghl_server import FakeGhl, Scripted
from tests.ghl.conftest import Signer, ghl_settings


@pytest.fixture
async def client(fake_ghl: FakeGhl, signer: Signer, sqlite_url: str) -> AsyncIterator[GhlClient]:
    built = GhlClient(
        ghl_settings(sqlite_url, signer, fake_ghl, GHL_RATE_LIMIT_MAX=5, GHL_RATE_LIMIT_INTERVAL_SECONDS=0.3)
    )
    yield built
    await built.aclose()


class TestGhlClient:
    async def test_calls_carry_the_bearer_token_and_the_contacts_version(
        self, client: GhlClient, fake_ghl: FakeGhl
    ) -> None:
        await client.add_tags("cl1", fake_ghl.token, "loc", ["a"])
        [call] = fake_ghl.calls("POST", "/contacts/cl1/tags")
        assert call.version == "2021-07-28"

    async def test_a_refused_token_is_a_clear_unauthorized_error(self, client: GhlClient) -> None:
        with pytest.raises(GhlUnauthorized, match="token was refused"):
            await client.add_tags("cl1", "wrong", "loc", ["a"])

    async def test_a_422_names_what_ghl_rejected(self, client: GhlClient, fake_ghl: FakeGhl) -> None:
        with pytest.raises(GhlRejected, match="title is required"):
            await client.add_task(
                "cl1", fake_ghl.token, "loc", {"dueDate": "2026-01-01T00:00:00Z", "completed": False}
            )

    async def test_429_and_5xx_are_retried_with_backoff(self, client: GhlClient, fake_ghl: FakeGhl) -> None:
        fake_ghl.script = [Scripted(429, headers={"Retry-After": "0.05"}), Scripted(503)]
        await client.add_tags("cl2", fake_ghl.token, "loc", ["a"])
        assert [r.status for r in fake_ghl.requests] == [429, 503, 201]

    async def test_no_more_than_the_limit_per_interval_for_one_location(
        self, client: GhlClient, fake_ghl: FakeGhl
    ) -> None:
        started = time.monotonic()
        for _ in range(6):
            await client.add_tags("cl3", fake_ghl.token, "loc-rate", ["a"])
        assert time.monotonic() - started >= 0.25  # the sixth call waited for the 0.3 s window


class TestLocationClient:
    async def test_update_contact_takes_custom_fields_by_key_as_the_spec_writes_it(
        self, client: GhlClient, fake_ghl: FakeGhl
    ) -> None:
        ghl_client = LocationClient(client, fake_ghl.token, "loc_spec")
        await ghl_client.update_contact(
            contact_id="sp1", custom_fields={"claude_intent": "sell_property", "ai_score": 87}
        )
        await ghl_client.update_contact(contact_id="sp2", custom_fields={"ai_score": 12})
        ids = {f["fieldKey"].removeprefix("contact."): f["id"] for f in fake_ghl.custom_fields["loc_spec"]}
        assert set(ids) == {"claude_intent", "ai_score"}
        [first] = fake_ghl.calls("PUT", "/contacts/sp1")
        written = {item["id"]: item["field_value"] for item in first.body["customFields"]}
        assert written == {ids["claude_intent"]: "sell_property", ids["ai_score"]: "87"}
        assert len(fake_ghl.calls("GET", "/locations/loc_spec/customFields")) == 1  # ids resolved once
