"""From an engine's analysis to the coaching, objection and question answers the spec defines."""

from __future__ import annotations

from collections.abc import Iterable

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse, QuestionSuggestion
from ghl_real_estate_ai.domain.taxonomy import Language
from ghl_real_estate_ai.intelligence.coaching.facts import LeadFields, lead_facts
from ghl_real_estate_ai.intelligence.coaching.personal import fact_points, personal_suggestions
from ghl_real_estate_ai.intelligence.coaching.playbook import intent_suggestions, objection_play
from ghl_real_estate_ai.intelligence.coaching.questions import QuestionPlanner, known_questions

GUIDANCE = {
    Language.EN: "Ask one question at a time; start with the first and listen before moving on.",
    Language.ES: "Haga una pregunta a la vez; empiece por la primera y escuche antes de seguir.",
}
NO_OBJECTION_STRATEGY = {
    Language.EN: "No objection raised: keep qualifying and move toward the next step.",
    Language.ES: "Sin objeciones: siga calificando y avance al siguiente paso.",
}


def confidence_score(analysis: MessageAnalysis) -> int:
    return round(analysis.confidence * 100)


class CoachingComposer:
    def __init__(self, planner: QuestionPlanner | None = None) -> None:
        self.planner = planner or QuestionPlanner()

    def answered(self, analysis: MessageAnalysis, extra: Iterable[str] = ()) -> set[str]:
        known = known_questions(
            analysis.preferences,
            motivation_known=analysis.motivation is not None,
            timeline_known=analysis.timeline_days is not None,
        )
        return known | set(extra)

    def coaching(
        self,
        analysis: MessageAnalysis,
        *,
        engine: str,
        processing_time_ms: float,
        answered: Iterable[str] = (),
        lead: LeadFields | None = None,
    ) -> CoachingResponse:
        objection = analysis.objection
        language = analysis.language
        facts = lead_facts(analysis, lead, language)
        key = objection.type if objection is not None else analysis.primary_intent.label
        # This lead's facts first, the playbook's general advice after.
        personal = personal_suggestions(key, facts, language)
        if objection is not None:
            play = objection_play(objection.type, language)
            suggestions, talking_points = [*personal, *play.suggestions], list(play.talking_points)
        else:
            suggestions = [*personal, *intent_suggestions(analysis.primary_intent.label, language)]
            talking_points = []
        talking_points = [*fact_points(facts, language), *talking_points]
        questions = self.planner.rank(
            answered=self.answered(analysis, answered),
            intent=analysis.primary_intent.label,
            objection=objection.type if objection else None,
            language=analysis.language,
            limit=2,
        )
        return CoachingResponse(
            suggestions=suggestions,
            urgency_level=analysis.urgency_level.label,
            recommended_questions=[q.question for q in questions],
            objection_detected=objection is not None,
            objection_type=objection.type if objection else None,
            objection_severity=objection.severity if objection else None,
            talking_points=talking_points,
            primary_intent=analysis.primary_intent.label,
            language=analysis.language,
            confidence_score=confidence_score(analysis),
            processing_time_ms=processing_time_ms,
            engine=engine,
        )

    def objection(
        self,
        analysis: MessageAnalysis,
        *,
        engine: str,
        processing_time_ms: float,
        lead: LeadFields | None = None,
    ) -> ObjectionResponse:
        found = analysis.objection
        play = objection_play(found.type, analysis.language) if found else None
        facts = lead_facts(analysis, lead, analysis.language)
        personal = personal_suggestions(found.type, facts, analysis.language) if found else []
        return ObjectionResponse(
            objection_detected=found is not None,
            objection_type=found.type if found else None,
            severity=found.severity if found else None,
            response_suggestions=[*personal, *play.suggestions] if play else [],
            talking_points=[*fact_points(facts, analysis.language), *play.talking_points] if play else [],
            follow_up_strategy=play.follow_up if play else NO_OBJECTION_STRATEGY[analysis.language],
            language=analysis.language,
            confidence_score=confidence_score(analysis),
            processing_time_ms=processing_time_ms,
            engine=engine,
        )

    def next_questions(
        self, analysis: MessageAnalysis, *, answered: Iterable[str], processing_time_ms: float, limit: int = 3
    ) -> QuestionSuggestion:
        done = self.answered(analysis, answered)
        return QuestionSuggestion(
            questions=self.planner.rank(
                answered=done,
                intent=analysis.primary_intent.label,
                objection=analysis.objection.type if analysis.objection else None,
                language=analysis.language,
                limit=limit,
            ),
            guidance=GUIDANCE[analysis.language],
            completeness=self.planner.completeness(done),
            language=analysis.language,
            processing_time_ms=processing_time_ms,
        )
