"""Coaching that uses the lead's own facts (issue 12): what they said, and what the caller knows of them."""

from __future__ import annotations

from datetime import date

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Speaker
from ghl_real_estate_ai.intelligence.coaching.composer import CoachingComposer
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine

REFERENCE = date(2026, 3, 2)


def analyse(engine: LocalEngine, message: str, *context: tuple[str, str]) -> MessageAnalysis:
    turns = [ConversationTurn(speaker=Speaker(s), message=m) for s, m in context]
    return engine.analyze_now(AnalysisRequest(message=message, context=turns, reference_date=REFERENCE))


class TestObjectionAnalysisReadsTheLeadContext:
    def test_three_leads_with_the_same_words_get_three_answers(self, local_engine: LocalEngine) -> None:
        analysis = analyse(local_engine, "honestly that price is way too high for what it is")
        composer = CoachingComposer()
        answers = [
            composer.objection(analysis, engine="local", processing_time_ms=1.0, lead=lead)
            for lead in ({"location": "Round Rock", "budget": 450000}, {"location": "Katy"}, {})
        ]
        texts = [" ".join(a.response_suggestions + a.talking_points) for a in answers]
        assert len(set(texts)) == 3
        assert "Round Rock" in texts[0] and "$450,000" in texts[0]
        assert "Katy" in texts[1] and "Round Rock" not in texts[1]

    def test_what_the_prospect_said_wins_over_the_crm(self, local_engine: LocalEngine) -> None:
        analysis = analyse(
            local_engine,
            "that price is way too high",
            ("prospect", "we want a 3 bed in Leander, up to 400k"),
            ("agent", "This one on Elm is listed at 489k."),
        )
        answer = CoachingComposer().objection(
            analysis, engine="local", processing_time_ms=1.0, lead={"location": "Austin", "budget": 650000}
        )
        text = " ".join(answer.response_suggestions)
        assert "Leander" in text and "$400,000" in text and "Austin" not in text


class TestCoachingUsesTheLeadsFacts:
    def test_the_decision_maker_the_prospect_named_is_in_the_suggestions(
        self, local_engine: LocalEngine
    ) -> None:
        analysis = analyse(local_engine, "I love it but I need to talk to my wife before we decide")
        coaching = CoachingComposer().coaching(analysis, engine="local", processing_time_ms=1.0)
        assert any("their wife" in line for line in coaching.suggestions)
        assert "Decides with: their wife" in coaching.talking_points

    def test_a_buyer_gets_homes_in_their_area_at_their_budget(self, local_engine: LocalEngine) -> None:
        analysis = analyse(
            local_engine, "looking for a 3 bed house in Round Rock under 450k, moving in 3 months"
        )
        coaching = CoachingComposer().coaching(analysis, engine="local", processing_time_ms=1.0)
        assert coaching.suggestions[0] == "Send homes in Round Rock at up to $450,000."
        assert "Timeline: about 3 months" in coaching.talking_points

    def test_spanish_leads_are_coached_in_spanish_with_their_facts(self, local_engine: LocalEngine) -> None:
        analysis = analyse(
            local_engine,
            "Nos gusta la casa en Pasadena, hasta 300 mil, pero mi esposo tiene que verla antes de decidir",
        )
        coaching = CoachingComposer().coaching(analysis, engine="local", processing_time_ms=1.0)
        text = " ".join(coaching.suggestions + coaching.talking_points)
        assert coaching.language.value == "es"
        assert "Pasadena" in text and "su esposo" in text

    def test_a_lead_who_stated_nothing_gets_no_invented_facts(self, local_engine: LocalEngine) -> None:
        analysis = analyse(local_engine, "hi, can you tell me more?")
        coaching = CoachingComposer().coaching(analysis, engine="local", processing_time_ms=1.0)
        assert not any(point.startswith(("Budget", "Area", "Timeline")) for point in coaching.talking_points)
