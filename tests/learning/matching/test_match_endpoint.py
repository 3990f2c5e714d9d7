"""POST /api/v1/claude/properties/match on a real server, per location, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx

from ghl_real_estate_ai.services.property_matching_service import PropertyMatchingService
from ghl_real_estate_ai.storage.database import Database
from tests.conftest import Tenant, make_tenant
from tests.learning.matching.listings import uci_listings

# Listings 4,000-4,400 of the file: mid-sized units across many cities.
SAMPLE = slice(4000, 4400)


async def import_sample(database: Database, tenant: Tenant, price: float | None = None) -> None:
    service = PropertyMatchingService()
    listings = list(uci_listings()[SAMPLE])
    if price is not None:
        listings = [x.model_copy(update={"price": price}) for x in listings]
    embeddings = service.embed_listings(listings)
    async with database.session() as session:
        await service.store(session, tenant.location_id, listings, embeddings)


class TestMatchEndpoint:
    async def test_matches_come_ranked_with_reasons_and_only_from_the_callers_listings(
        self, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        await import_sample(database, tenant)
        body = {
            "preferences": {"budget_max": 1500, "bedrooms": 2},
            "text": "quiet place near parks",
            "limit": 5,
        }
        answer = await client.post("/api/v1/claude/properties/match", json=body, headers=tenant.headers)
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert result["searched"] == 400
        assert 0 < len(result["matches"]) <= 5
        for match in result["matches"]:
            assert match["listing"]["price"] <= 1500
            assert match["listing"]["bedrooms"] >= 2
            assert {r["criterion"] for r in match["reasons"]} >= {"budget", "bedrooms", "fit"}
        other = await make_tenant(database, "Other Realty")
        elsewhere = await client.post("/api/v1/claude/properties/match", json=body, headers=other.headers)
        assert elsewhere.json()["matches"] == []
        assert elsewhere.json()["searched"] == 0

    async def test_a_pet_changes_the_match_and_its_reason(
        self, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        await import_sample(database, tenant)
        body = {"preferences": {"budget_max": 1200}, "limit": 100}
        without = (
            await client.post("/api/v1/claude/properties/match", json=body, headers=tenant.headers)
        ).json()
        body["pets"] = ["dogs"]
        with_dog = (
            await client.post("/api/v1/claude/properties/match", json=body, headers=tenant.headers)
        ).json()
        assert with_dog["candidates"] < without["candidates"]
        reason = next(r for r in with_dog["matches"][0]["reasons"] if r["criterion"] == "pets")
        assert reason["verdict"] == "met" and "dogs" in reason["reason"]

    async def test_a_server_that_matched_once_sees_the_new_prices_of_a_whole_file_imported_again(
        self, client: httpx.AsyncClient, database: Database, tenant: Tenant
    ) -> None:
        # The same listing ids again, the way a nightly export arrives: the cached index must reload.
        await import_sample(database, tenant)
        body = {"preferences": {"budget_max": 5000}, "limit": 100}
        before = (
            await client.post("/api/v1/claude/properties/match", json=body, headers=tenant.headers)
        ).json()
        assert len({m["listing"]["price"] for m in before["matches"]}) > 1
        await import_sample(database, tenant, price=777.0)
        after = (
            await client.post("/api/v1/claude/properties/match", json=body, headers=tenant.headers)
        ).json()
        assert after["searched"] == 400
        assert {m["listing"]["price"] for m in after["matches"]} == {777.0}

    async def test_bad_criteria_are_a_422_and_no_key_a_401(
        self, client: httpx.AsyncClient, tenant: Tenant
    ) -> None:
        bad = await client.post(
            "/api/v1/claude/properties/match", json={"pets": ["parrots"], "limit": 0}, headers=tenant.headers
        )
        assert bad.status_code == 422
        assert (await client.post("/api/v1/claude/properties/match", json={})).status_code == 401
