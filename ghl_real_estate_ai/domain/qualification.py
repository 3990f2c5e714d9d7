"""Qualification flows: per-location area configuration, a flow's answers, progress and analytics."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, model_validator

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.coaching import RankedQuestion
from ghl_real_estate_ai.domain.taxonomy import Intent, Language


class QualificationStage(StrEnum):
    NEW = "new"
    ENGAGED = "engaged"
    QUALIFYING = "qualifying"
    QUALIFIED = "qualified"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"


# The stages a lead climbs by giving answers; nurture and disqualified sit beside this ladder.
PROGRESS_LADDER: tuple[QualificationStage, ...] = (
    QualificationStage.NEW,
    QualificationStage.ENGAGED,
    QualificationStage.QUALIFYING,
    QualificationStage.QUALIFIED,
)

# What an extracted answer holds: a label, an amount, a number of days, a flag or a list of labels.
AnswerValue = str | int | float | bool | list[str]


class AreaConfig(DomainModel):
    weight: int = Field(gt=0, le=100)
    required: bool = False
    stage_threshold: QualificationStage | None = Field(
        default=None, description="The lead cannot reach this stage until the area is complete."
    )
    questions: list[str] = Field(min_length=1, max_length=20)

    @model_validator(mode="after")
    def _threshold_is_on_the_ladder(self) -> AreaConfig:
        if self.stage_threshold is not None and self.stage_threshold not in PROGRESS_LADDER[1:]:
            raise ValueError("stage_threshold must be one of engaged, qualifying, qualified")
        if len(set(self.questions)) != len(self.questions):
            raise ValueError("an area lists the same question twice")
        return self


class QualificationConfig(DomainModel):
    """The areas a location qualifies leads on, and when a lead counts as qualified or nurture."""

    areas: dict[str, AreaConfig] = Field(min_length=1, max_length=20)
    qualified_threshold: float = Field(
        default=75.0, ge=0.0, le=100.0, description="Overall completeness (0-100) a qualified lead reaches."
    )
    nurture_after_days: int = Field(
        default=180, ge=1, description="A lead planning to move later than this many days is nurtured."
    )

    @model_validator(mode="after")
    def _each_question_in_one_area(self) -> QualificationConfig:
        seen: set[str] = set()
        for area in self.areas.values():
            repeated = seen.intersection(area.questions)
            if repeated:
                raise ValueError(f"questions in more than one area: {sorted(repeated)}")
            seen.update(area.questions)
        return self

    def area_of(self, question: str) -> str | None:
        return next((name for name, area in self.areas.items() if question in area.questions), None)


class QualificationAnswer(DomainModel):
    area: str
    question: str
    value: AnswerValue
    answered_at: datetime
    source_message: str


class AskedQuestion(DomainModel):
    """One time a question was put to the lead, and what the next reply did with it."""

    question: str
    area: str
    asked_at: datetime
    replied_at: datetime | None = None
    answered: bool | None = None


class AreaProgress(DomainModel):
    area: str
    weight: int
    required: bool
    stage_threshold: QualificationStage | None = None
    completeness: float = Field(ge=0.0, le=1.0, description="Share of the applicable questions answered.")
    answered: list[str] = Field(default_factory=list)
    open: list[str] = Field(default_factory=list, description="Applicable questions still unanswered.")
    complete: bool


class QualificationFlow(DomainModel):
    """A flow's state as the API returns it."""

    flow_id: str
    location_id: str | None = None
    contact_id: str
    contact_name: str | None = None
    stage: QualificationStage
    version: int = Field(ge=1)
    language: Language
    intent: Intent | None = None
    completeness: float = Field(ge=0.0, le=100.0, description="Weighted share of answers, 0-100.")
    areas: list[AreaProgress]
    answers: list[QualificationAnswer] = Field(default_factory=list)
    new_answers: list[str] = Field(
        default_factory=list, description="Questions the latest reply answered for the first time."
    )
    next_question: RankedQuestion | None = None
    asked: list[AskedQuestion] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
    qualified_at: datetime | None = None
    stored: bool = Field(default=True, description="False when computed without a database.")


class StartQualificationRequest(DomainModel):
    contact_id: str = Field(min_length=1, max_length=128)
    contact_name: str | None = Field(default=None, max_length=200)
    initial_message: str | None = Field(default=None, max_length=10_000)
    location_id: str | None = None


class QualificationReply(DomainModel):
    message: str = Field(min_length=1, max_length=10_000)
    expected_version: int | None = Field(
        default=None, ge=1, description="The version the caller last saw; a newer stored one answers 409."
    )


class QuestionDropOff(DomainModel):
    question: str
    area: str | None
    times_asked: int = Field(ge=0)
    flows_asked: int = Field(ge=0)
    dropped: int = Field(ge=0, description="Flows with no reply after this was the last question asked.")
    drop_off_rate: float = Field(ge=0.0, le=1.0)


class QualificationAnalytics(DomainModel):
    total_flows: int = Field(ge=0)
    by_stage: dict[QualificationStage, int]
    average_completeness: float | None = None
    qualified_flows: int = Field(ge=0)
    median_seconds_to_qualified: float | None = None
    drop_off: list[QuestionDropOff] = Field(default_factory=list)
