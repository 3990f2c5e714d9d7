"""Every score names its reasons, and one changed fact changes the score and the reason named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore, LeadTier
from ghl_real_estate_ai.domain.learning import LeadModelSummary
from ghl_real_estate_ai.domain.semantic import IntentAnalysis
from ghl_real_estate_ai.domain.taxonomy import (
    DecisionStage,
    Intent,
    Language,
    ObjectionType,
    Sentiment,
    UrgencyLevel,
)
from ghl_real_estate_ai.learning.tabular import train_model
from ghl_real_estate_ai.learning.tabular.table import parse_csv_table
from ghl_real_estate_ai.learning.tabular.trainer import TrainingPolicy
from ghl_real_estate_ai.services.enhanced_lead_scorer import EnhancedLeadScorer, enhanced_lead_scorer
from ghl_real_estate_ai.services.lead_model_service import LoadedModel
from tests.learning.tabular.synthetic import export


def insights(**changes: object) -> IntentAnalysis:
    base = IntentAnalysis(
        primary_intent=Intent.PROPERTY_SEARCH,
        intent_confidence=80,
        motivation=None,
        urgency_level=UrgencyLevel.HIGH,
        urgency_score=75,
        decision_stage=DecisionStage.ACTIVELY_SEARCHING,
        sentiment=Sentiment.POSITIVE,
        language=Language.EN,
        confidence=80,
    )
    return base.model_copy(update=changes)


async def score(contact: dict[str, object], **changes: object) -> EnhancedLeadScore:
    return await enhanced_lead_scorer.score_with_claude(
        contact_data=contact, semantic_insights=insights(**changes)
    )


def reason(result: EnhancedLeadScore, name: str) -> str:
    return next(f.reason for f in result.factors if f.name == name)


class TestSignals:
    async def test_pre_approval_raises_the_score_and_is_named(self) -> None:
        before = await score({"id": "c1", "preapproved": False, "budget_max": 450000})
        after = await score({"id": "c1", "preapproved": True, "budget_max": 450000})
        assert after.value > before.value
        assert reason(before, "financing") == "not pre-approved yet"
        assert reason(after, "financing") == "pre-approved for a mortgage"

    async def test_a_stated_budget_raises_the_score_and_is_named(self) -> None:
        before = await score({"id": "c1"})
        after = await score({"id": "c1", "budget_max": 500000})
        assert after.value > before.value
        assert reason(before, "budget") == "no budget stated"
        assert reason(after, "budget") == "budget $500,000 stated"

    async def test_a_lead_who_says_no_is_cold_and_says_why(self) -> None:
        result = await score({"id": "c1"}, primary_intent=Intent.NOT_INTERESTED, sentiment=Sentiment.NEGATIVE)
        assert result.tier == LeadTier.COLD
        assert result.factors[0].name == "intent"
        assert result.factors[0].contribution < 0

    async def test_an_objection_pulls_the_score_down(self) -> None:
        calm = await score({"id": "c1"})
        objecting = await score({"id": "c1"}, objection_type=ObjectionType.PRICE_CONCERN)
        assert objecting.value < calm.value
        assert reason(objecting, "objections") == "price_concern objection"

    async def test_without_a_trained_model_the_score_says_so(self) -> None:
        result = await score({"id": "c1"})
        assert result.model_version is None
        assert "no trained model" in result.model_note
        assert 0 <= result.value <= 100


@pytest.fixture(scope="module")
def loaded_model() -> LoadedModel:
    trained = train_model(
        parse_csv_table(export(400)),
        "Converted",
        policy=TrainingPolicy(cv_folds=3, calibration_folds=3, max_iter=40),
    )
    summary = LeadModelSummary(
        version=3,
        active=True,
        target="Converted",
        positive_level="1",
        cv=trained.cv,
        folds=3,
        data_fingerprint=trained.fingerprint,
        library_versions=trained.library_versions,
        columns=trained.columns,
        warnings=trained.warnings,
        created_at=datetime.now(UTC),
    )
    return LoadedModel(trained.model, summary)


class TestWithTheLocationsModel:
    async def test_the_model_joins_the_score_and_the_score_carries_its_version(
        self, loaded_model: LoadedModel
    ) -> None:
        scorer = EnhancedLeadScorer(loaded_model)
        engaged = await scorer.score_with_claude(
            contact_data={"custom_fields": {"Minutes": 55, "Source": "Referral", "Visits": 4}},
            semantic_insights=insights(),
        )
        idle = await scorer.score_with_claude(
            contact_data={"custom_fields": {"Minutes": 2, "Source": "Google", "Visits": 4}},
            semantic_insights=insights(),
        )
        assert engaged.model_version == idle.model_version == 3
        assert engaged.model_probability is not None and idle.model_probability is not None
        assert engaged.model_probability > idle.model_probability
        assert engaged.value > idle.value
        assert any(f.name == "Minutes" and f.contribution > 0 for f in engaged.model_factors)

    async def test_a_contact_without_the_models_fields_is_scored_on_signals_and_told_so(
        self, loaded_model: LoadedModel
    ) -> None:
        result = await EnhancedLeadScorer(loaded_model).score_with_claude(
            contact_data={"id": "c1"}, semantic_insights=insights()
        )
        assert result.model_version is None
        assert "not applied" in result.model_note
