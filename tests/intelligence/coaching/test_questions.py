from __future__ import annotations

from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType
from ghl_real_estate_ai.intelligence.coaching.questions import QuestionPlanner


class TestQuestionPlanner:
    def test_the_heaviest_open_area_comes_first(self) -> None:
        ranked = QuestionPlanner().rank(
            answered={"budget_range", "financing_status", "down_payment"},
            intent=Intent.PROPERTY_SEARCH,
            objection=None,
            language=Language.EN,
        )
        assert ranked[0].area == "timeline"

    def test_answered_questions_are_never_asked_again(self) -> None:
        answered = {"budget_range", "move_timeline", "location"}
        ranked = QuestionPlanner().rank(
            answered=answered, intent=Intent.PROPERTY_SEARCH, objection=None, language=Language.EN, limit=20
        )
        assert not {q.slot for q in ranked} & answered

    def test_an_objection_pulls_its_questions_forward(self) -> None:
        ranked = QuestionPlanner().rank(
            answered=set(),
            intent=Intent.PROPERTY_SEARCH,
            objection=ObjectionType.DECISION_MAKER,
            language=Language.EN,
        )
        assert ranked[0].slot == "decision_maker"

    def test_renters_are_not_asked_about_down_payments(self) -> None:
        ranked = QuestionPlanner().rank(
            answered=set(), intent=Intent.RENTAL_SEARCH, objection=None, language=Language.EN, limit=20
        )
        assert "down_payment" not in {q.slot for q in ranked}

    def test_questions_come_in_the_leads_language(self) -> None:
        ranked = QuestionPlanner().rank(
            answered=set(), intent=Intent.PROPERTY_SEARCH, objection=None, language=Language.ES
        )
        assert all(q.question.startswith("¿") for q in ranked)

    def test_opted_out_leads_get_no_questions(self) -> None:
        assert (
            QuestionPlanner().rank(
                answered=set(), intent=Intent.NOT_INTERESTED, objection=None, language=Language.EN
            )
            == []
        )

    def test_completeness_is_the_weighted_share_answered(self) -> None:
        planner = QuestionPlanner()
        assert planner.completeness(set()) == 0
        assert planner.completeness({"budget_range", "financing_status", "down_payment"}) == 0.3
