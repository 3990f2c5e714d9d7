from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.qualification import AreaConfig, QualificationConfig, QualificationStage
from ghl_real_estate_ai.domain.taxonomy import Intent, Language
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.qualification import FlowProgress, default_config, unknown_questions

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def run(engine: LocalEngine, *messages: str, config: QualificationConfig | None = None) -> FlowProgress:
    flow = FlowProgress(config or default_config())
    history: list[ConversationTurn] = []
    for message in messages:
        flow.ask_next(NOW)
        analysis = engine.analyze_now(
            AnalysisRequest(message=message, context=history, reference_date=NOW.date())
        )
        flow.apply_reply(analysis, message, NOW)
        history.append(ConversationTurn(message=message))
    return flow


class TestStages:
    def test_a_flow_with_no_answers_is_new(self) -> None:
        assert FlowProgress(default_config()).stage is QualificationStage.NEW

    def test_answers_only_in_an_optional_area_make_the_lead_engaged(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "Something in Austin would be great")
        assert set(flow.answers) == {"location"}
        assert flow.stage is QualificationStage.ENGAGED

    def test_an_answer_in_a_required_area_makes_the_lead_qualifying(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "We're pre-approved up to 500k")
        assert flow.stage is QualificationStage.QUALIFYING

    def test_a_lead_is_not_qualified_before_budget_is_complete_however_much_else_is_known(
        self, local_engine: LocalEngine
    ) -> None:
        config = default_config().model_copy(update={"qualified_threshold": 40.0})
        flow = run(
            local_engine,
            "We want to move within 3 months, our lease ends in June and the date is firm",
            "A 4 bedroom house in Austin with a yard and a garage",
            config=config,
        )
        assert flow.completeness >= 40
        assert flow.stage is QualificationStage.QUALIFYING
        flow = run(
            local_engine,
            "We want to move within 3 months, our lease ends in June and the date is firm",
            "A 4 bedroom house in Austin with a yard and a garage",
            "Our budget is around 550k, we're pre-approved and putting 20% down",
            config=config,
        )
        assert flow.stage is QualificationStage.QUALIFIED

    def test_an_opt_out_disqualifies_and_stays(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "We're pre-approved up to 500k", "Not interested, stop texting me", "ok")
        assert flow.stage is QualificationStage.DISQUALIFIED
        assert flow.next_question() is None

    def test_a_lead_moving_in_more_than_six_months_is_nurtured(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "We're pre-approved up to 500k and want to move in about a year")
        assert flow.stage is QualificationStage.NURTURE


class TestNextQuestion:
    def test_answered_questions_are_never_asked_again(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "Our budget is around 550k, we're pre-approved and putting 20% down")
        question = flow.next_question()
        assert question is not None and question.area == "timeline"

    def test_a_skipped_question_counts_half_as_likely_to_be_answered(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "ok thanks")
        question = flow.next_question()
        assert flow.asked[0].answered is False
        assert question is not None and question.area == "budget"
        assert question.slot != flow.asked[0].question

    def test_renters_are_not_asked_about_financing_and_their_budget_area_can_complete(
        self, local_engine: LocalEngine
    ) -> None:
        flow = run(local_engine, "Looking for a 2 bedroom apartment to rent, up to $2,000 a month")
        assert flow.intent is Intent.RENTAL_SEARCH
        budget = next(a for a in flow.areas if a.area == "budget")
        assert budget.complete
        assert "down_payment" not in budget.open

    def test_questions_follow_the_leads_language(self, local_engine: LocalEngine) -> None:
        flow = run(local_engine, "Hola, buscamos una casa con tres recámaras en Monterrey")
        question = flow.next_question()
        assert flow.language is Language.ES
        assert question is not None and question.question.startswith("¿")


class TestConfig:
    def test_the_default_is_the_spec_table(self) -> None:
        config = default_config()
        assert {name: area.weight for name, area in config.areas.items()} == {
            "budget": 30,
            "timeline": 25,
            "preferences": 20,
            "motivation": 15,
            "contact": 10,
        }
        assert config.areas["budget"].stage_threshold is QualificationStage.QUALIFIED
        assert not config.areas["preferences"].required

    def test_unknown_question_keys_are_reported(self) -> None:
        config = QualificationConfig(
            areas={"budget": AreaConfig(weight=10, questions=["budget_range", "shoe"])}
        )
        assert unknown_questions(config) == ["shoe"]

    def test_a_question_cannot_sit_in_two_areas(self) -> None:
        with pytest.raises(ValueError, match="more than one area"):
            QualificationConfig(
                areas={
                    "a": AreaConfig(weight=10, questions=["budget_range"]),
                    "b": AreaConfig(weight=10, questions=["budget_range"]),
                }
            )
