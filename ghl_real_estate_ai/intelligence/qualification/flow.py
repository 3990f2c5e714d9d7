"""One flow's state and what a prospect reply does to it. Pure: the service loads and stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.coaching import RankedQuestion
from ghl_real_estate_ai.domain.qualification import (
    AnswerValue,
    AreaProgress,
    AskedQuestion,
    QualificationAnswer,
    QualificationConfig,
    QualificationStage,
)
from ghl_real_estate_ai.domain.taxonomy import Intent, Language, ObjectionType
from ghl_real_estate_ai.intelligence.qualification.answers import answers_in
from ghl_real_estate_ai.intelligence.qualification.progress import (
    area_progress,
    decide_stage,
    overall_completeness,
    rank_questions,
    skips,
)

# Too few words to tell English from Spanish reliably ("ok", "sí", "thanks").
LANGUAGE_MIN_WORDS = 3
# Intents that say nothing about what kind of lead this is.
UNINFORMATIVE_INTENTS = {Intent.GENERAL_INQUIRY, Intent.NOT_INTERESTED}


@dataclass
class FlowProgress:
    """What a flow knows: answers by question, the asked-question log, stage, language, intent."""

    config: QualificationConfig
    stage: QualificationStage = QualificationStage.NEW
    language: Language = Language.EN
    intent: Intent | None = None
    answers: dict[str, QualificationAnswer] = field(default_factory=dict)
    asked: list[AskedQuestion] = field(default_factory=list)
    qualified_at: datetime | None = None
    replies: int = 0

    @property
    def areas(self) -> list[AreaProgress]:
        return area_progress(self.config, self.answers.keys(), self.intent)

    @property
    def completeness(self) -> float:
        return overall_completeness(self.areas)

    def next_question(self) -> RankedQuestion | None:
        if self.stage is QualificationStage.DISQUALIFIED:
            return None
        ranked = rank_questions(
            self.config, self.areas, skipped=skips(self.asked), intent=self.intent, language=self.language
        )
        return ranked[0] if ranked else None

    def apply_reply(self, analysis: MessageAnalysis, message: str, now: datetime) -> ReplyOutcome:
        """Take in one prospect reply the engine has read; returns what changed, for storage."""
        self.replies += 1
        if len(message.split()) >= LANGUAGE_MIN_WORDS or self.replies == 1:
            self.language = analysis.language
        if analysis.primary_intent.label not in UNINFORMATIVE_INTENTS:
            self.intent = analysis.primary_intent.label
        new, changed = self._take_answers(answers_in(analysis, message), message, now)
        resolved = self._resolve_pending_question(now)
        move_in = self.answers.get("move_timeline")
        self.stage = decide_stage(
            self.config,
            self.stage,
            self.areas,
            self.completeness,
            opted_out=analysis.primary_intent.label is Intent.NOT_INTERESTED,
            move_in_days=move_in.value if move_in and isinstance(move_in.value, int | float) else None,
            low_commitment=analysis.objection is not None
            and analysis.objection.type is ObjectionType.LOW_COMMITMENT,
        )
        if self.stage is QualificationStage.QUALIFIED and self.qualified_at is None:
            self.qualified_at = now
        return ReplyOutcome(new_answers=new, changed_answers=changed, resolved=resolved)

    def ask_next(self, now: datetime) -> tuple[RankedQuestion, AskedQuestion] | None:
        """Choose the next question and log it as asked."""
        question = self.next_question()
        if question is None:
            return None
        entry = AskedQuestion(question=question.slot, area=question.area, asked_at=now)
        self.asked.append(entry)
        return question, entry

    def _take_answers(
        self, found: dict[str, AnswerValue], message: str, now: datetime
    ) -> tuple[list[str], list[str]]:
        new: list[str] = []
        changed: list[str] = []
        for key, value in found.items():
            area = self.config.area_of(key)
            if area is None:
                continue
            known = self.answers.get(key)
            if known is not None and known.value == value:
                continue
            (changed if known is not None else new).append(key)
            self.answers[key] = QualificationAnswer(
                area=area, question=key, value=value, answered_at=now, source_message=message
            )
        return new, changed

    def _resolve_pending_question(self, now: datetime) -> AskedQuestion | None:
        pending = self.asked[-1] if self.asked and self.asked[-1].replied_at is None else None
        if pending is None:
            return None
        pending.replied_at = now
        pending.answered = pending.question in self.answers
        return pending


@dataclass(frozen=True)
class ReplyOutcome:
    new_answers: list[str]
    changed_answers: list[str]
    resolved: AskedQuestion | None
