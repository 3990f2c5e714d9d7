"""GHL's `ai_score` is the enhanced lead score: the conversation's signals with the location's trained
model applied to the CRM fields its contact events carried (issue 14, point 1).

Real server, real worker, the fake GHL API, SQLite and PostgreSQL. The model is trained by the real
training code on a small CRM export whose columns are GHL's keys and a custom field's id.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
from typing import Any

import pytest
from sqlalchemy import select, type_coerce

from ghl_real_estate_ai.domain.actions import ActionPlan
from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.ghl import events as ghl_events
from ghl_real_estate_ai.ghl.write_back import scorer_contact
from ghl_real_estate_ai.learning.tabular import train_model
from ghl_real_estate_ai.learning.tabular.table import parse_csv_table
from ghl_real_estate_ai.learning.tabular.trainer import TrainedModel, TrainingPolicy
from ghl_real_estate_ai.services.enhanced_lead_scorer import EnhancedLeadScorer
from ghl_real_estate_ai.services.lead_model_service import LeadModelService
from ghl_real_estate_ai.storage.ghl_tables import GhlContactState
from tests.ghl.conftest import Ghl, GhlTenant, contact_event

TIMEFRAME = "cf_timeframe_8kQ2"  # a custom field, named by its GHL id as the webhook names it
MESSAGE = "Hi, we are looking for a 3 bedroom house in Austin, what do you have?"
FIELDS = {"source": "Referral", "city": "Austin", TIMEFRAME: "0-3 months"}


def crm_export(rows: int = 200, seed: int = 14) -> bytes:
    """Referrals and leads buying within three months convert more often; the city tells nothing."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["source", "city", TIMEFRAME, "Converted"])
    for _ in range(rows):
        source = rng.choice(["Referral", "Zillow", "Facebook", ""])
        timeframe = rng.choice(["0-3 months", "3-6 months", "6+ months"])
        odds = 0.1 + 0.45 * (source == "Referral") + 0.3 * (timeframe == "0-3 months")
        city = rng.choice(["Austin", "Dallas", "Houston"])
        writer.writerow([source, city, timeframe, int(rng.random() < odds)])
    return out.getvalue().encode()


@pytest.fixture(autouse=True)
def _no_team_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """No team handler runs here: the spec's handler module, imported by test_spec_webhook_block.py,
    stays registered for the whole session and fails every ContactCreate while its client is unbound."""
    monkeypatch.setattr(ghl_events, "_HANDLERS", {})


@pytest.fixture(scope="module")
def trained() -> TrainedModel:
    return train_model(
        parse_csv_table(crm_export()),
        "Converted",
        policy=TrainingPolicy(cv_folds=3, calibration_folds=3, max_iter=40),
    )


async def with_model(ghl: Ghl, trained: TrainedModel) -> int:
    async with ghl.database.session() as session:
        summary = await LeadModelService(session).store(ghl.tenant.location_id, trained)
    assert summary.active
    return summary.version


def contact_payload(
    tenant: GhlTenant, contact_id: str, kind: str = "ContactCreate", **fields: Any
) -> dict[str, Any]:
    standard = {k: v for k, v in fields.items() if k != TIMEFRAME}
    custom = [{"id": TIMEFRAME, "value": fields[TIMEFRAME]}] if TIMEFRAME in fields else []
    return {
        **contact_event(tenant.ghl_location_id, contact_id, ["buyer"], kind),
        "email": f"{contact_id}@example.com",
        "phone": "+15125550188",
        **standard,
        "customFields": custom,
    }


async def expected(ghl: Ghl, turns: list[str], fields: dict[str, str]) -> EnhancedLeadScore:
    """What `EnhancedLeadScorer.for_location` gives for these fields and this conversation, read and
    planned through the HTTP API (the same reading as the GHL path: tests/ghl/test_same_reading.py)."""
    conversation = [{"speaker": "prospect", "message": turn} for turn in turns]
    headers = ghl.tenant.headers
    planned = await ghl.client.post(
        "/api/v1/claude/actions/create-plan",
        json={"contact_id": f"probe_{secrets.token_hex(4)}", "conversation_messages": conversation},
        headers=headers,
    )
    read = await ghl.client.post(
        "/api/v1/claude/semantic/analyze", json={"conversation_messages": conversation}, headers=headers
    )
    assert planned.status_code == read.status_code == 200, (planned.text, read.text)
    async with ghl.database.session() as session:
        scorer = await EnhancedLeadScorer.for_location(session, ghl.tenant.location_id)
    plan = ActionPlan.model_validate(planned.json())
    return scorer.score(scorer_contact(plan, fields), SemanticAnalysis.model_validate(read.json()))


async def new_contact_writes(ghl: Ghl) -> str:
    """A contact created in GHL with FIELDS writes MESSAGE; everything processed and sent."""
    contact_id = f"c_{secrets.token_hex(4)}"
    assert (await ghl.post(contact_payload(ghl.tenant, contact_id, **FIELDS))).status_code == 200
    assert (await ghl.message(contact_id, MESSAGE)).status_code == 200
    await ghl.settle()
    return contact_id


def written_score(ghl: Ghl, contact_id: str) -> str:
    ids = {f["fieldKey"].removeprefix("contact."): f["id"] for f in ghl.fake.custom_fields[ghl_id(ghl)]}
    update = ghl.fake.calls("PUT", f"/contacts/{contact_id}")[-1]
    return str({item["id"]: item["field_value"] for item in update.body["customFields"]}[ids["ai_score"]])


def ghl_id(ghl: Ghl) -> str:
    return ghl.tenant.ghl_location_id


def last_note(ghl: Ghl, contact_id: str) -> str:
    return str(ghl.fake.notes[contact_id][-1]["body"])


async def kept_fields(ghl: Ghl, location_id: str, contact_id: str) -> dict[str, str] | None:
    async with ghl.database.session() as session:
        state = await session.scalar(
            select(GhlContactState).where(
                GhlContactState.location_id == location_id, GhlContactState.ghl_contact_id == contact_id
            )
        )
    return None if state is None else (state.crm_fields or {})


class TestTheWrittenScoreIsTheEnhancedScore:
    async def test_ai_score_is_what_the_locations_model_gives_for_the_contacts_fields_and_conversation(
        self, ghl: Ghl, trained: TrainedModel
    ) -> None:
        version = await with_model(ghl, trained)
        contact_id = await new_contact_writes(ghl)

        assert await kept_fields(ghl, ghl.tenant.location_id, contact_id) == FIELDS
        score = await expected(ghl, [MESSAGE], FIELDS)
        assert score.model_version == version
        assert score.model_note == f"model v{version} applied on 3 known fields"
        assert written_score(ghl, contact_id) == str(score.value)
        note = last_note(ghl, contact_id)
        assert f"Lead score {score.value}/100 ({score.tier.value}; {score.model_note}): " in note
        assert f"model v{version}: " in note  # the trained model's own factor, with its version
        # The fields that moved the model, the strongest first.
        assert "Model fields (points each adds over not knowing it): source = Referral +" in note

    async def test_changing_one_stored_field_the_model_weighs_changes_the_written_score(
        self, ghl: Ghl, trained: TrainedModel
    ) -> None:
        await with_model(ghl, trained)
        contact_id = await new_contact_writes(ghl)
        before = written_score(ghl, contact_id)

        # GHL sends the changed source; the other kept fields stay as they were.
        await ghl.post(contact_payload(ghl.tenant, contact_id, "ContactUpdate", source="Facebook"))
        follow_up = "We can move quickly if the price is right"
        await ghl.message(contact_id, follow_up)
        await ghl.settle()

        changed = {**FIELDS, "source": "Facebook"}
        assert await kept_fields(ghl, ghl.tenant.location_id, contact_id) == changed
        now = await expected(ghl, [MESSAGE, follow_up], changed)
        unchanged = await expected(ghl, [MESSAGE, follow_up], FIELDS)
        assert written_score(ghl, contact_id) == str(now.value)
        assert now.value < unchanged.value  # the field alone moved it: referrals convert more
        assert written_score(ghl, contact_id) != before
        assert "source = Facebook -" in last_note(ghl, contact_id)  # and the reason names the new value

    async def test_the_fields_are_kept_encrypted_at_rest(self, ghl: Ghl) -> None:
        contact_id = f"c_{secrets.token_hex(4)}"
        await ghl.post(contact_payload(ghl.tenant, contact_id, **FIELDS))
        await ghl.read_inbox()
        column = GhlContactState.crm_fields
        async with ghl.database.session() as session:
            raw = await session.scalar(
                select(type_coerce(column, GhlContactState.__table__.c.crm_fields.type.impl_instance)).where(
                    GhlContactState.location_id == ghl.tenant.location_id,
                    GhlContactState.ghl_contact_id == contact_id,
                )
            )
        assert isinstance(raw, str) and raw.startswith("e1:")
        assert "Austin" not in raw and "Referral" not in raw


class TestWithoutTheLocationsModel:
    async def test_without_a_trained_model_the_note_says_signals_only(self, ghl: Ghl) -> None:
        contact_id = await new_contact_writes(ghl)
        score = await expected(ghl, [MESSAGE], FIELDS)
        assert score.model_version is None
        assert written_score(ghl, contact_id) == str(score.value)
        assert "; no trained model for this location yet: signals only): " in last_note(ghl, contact_id)
        assert "Model fields" not in last_note(ghl, contact_id)

    async def test_a_contact_of_another_location_gets_neither_this_locations_model_nor_its_fields(
        self, ghl: Ghl, trained: TrainedModel
    ) -> None:
        await with_model(ghl, trained)
        contact_id = f"c_{secrets.token_hex(4)}"
        await ghl.post(contact_payload(ghl.tenant, contact_id, **FIELDS))
        other = await ghl.new_tenant()
        # The same contact id in the other location: a message there, and no contact event of its own.
        await ghl.message(contact_id, MESSAGE, tenant=other)
        await ghl.settle()

        assert await kept_fields(ghl, other.location_id, contact_id) == {}
        assert await kept_fields(ghl, ghl.tenant.location_id, contact_id) == FIELDS
        [note] = ghl.fake.notes[contact_id]
        assert "; no trained model for this location yet: signals only): " in note["body"]


class TestErasure:
    async def test_erasing_the_contact_removes_its_kept_fields(self, ghl: Ghl) -> None:
        contact_id = await new_contact_writes(ghl)
        exported = await ghl.client.get(f"/api/v1/contacts/{contact_id}/export", headers=ghl.tenant.headers)
        assert exported.status_code == 200 and exported.json()["ghl_fields"] == FIELDS

        erased = await ghl.client.delete(f"/api/v1/contacts/{contact_id}", headers=ghl.tenant.headers)
        assert erased.status_code == 200, erased.text
        assert await kept_fields(ghl, ghl.tenant.location_id, contact_id) is None

    async def test_a_ghl_contact_delete_removes_its_kept_fields(self, ghl: Ghl) -> None:
        contact_id = f"c_{secrets.token_hex(4)}"
        await ghl.post(contact_payload(ghl.tenant, contact_id, **FIELDS))
        await ghl.post(contact_payload(ghl.tenant, contact_id, "ContactDelete", **FIELDS))
        await ghl.settle()
        assert await kept_fields(ghl, ghl.tenant.location_id, contact_id) is None
