"""The agent's verdict on one piece of coaching: the record the learning loop reads."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field, model_validator

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.taxonomy import Language, ObjectionType

MAX_EDIT = 4_000
MAX_NOTE = 1_000


class FeedbackItem(StrEnum):
    """Which list of a coaching answer the item comes from.

    suggestion: `suggestions` of an answer without an objection; reply: the same list when an objection
    was detected (the objection's replies); question: `recommended_questions`.
    """

    SUGGESTION = "suggestion"
    REPLY = "reply"
    QUESTION = "question"


class FeedbackAction(StrEnum):
    USED = "used"  # copied or sent as it was
    EDITED = "edited"  # sent after changing it
    DISMISSED = "dismissed"

    @property
    def counts_as_use(self) -> bool:
        return self is not FeedbackAction.DISMISSED


class FeedbackRequest(DomainModel):
    """Body of POST /api/v1/feedback. The item is named by its analysis, revision, list and position;
    the server reads its text, engine, objection type and language from the stored analysis."""

    analysis_id: str = Field(min_length=1, max_length=40)
    revision: int = Field(default=1, ge=1, le=100)
    item: FeedbackItem
    item_index: int = Field(ge=0, le=50)
    action: FeedbackAction
    rating: int | None = Field(default=None, ge=1, le=5)
    edited_text: str | None = Field(default=None, min_length=1, max_length=MAX_EDIT)
    note: str | None = Field(default=None, max_length=MAX_NOTE)
    agent_id: str | None = Field(
        default=None, min_length=1, max_length=128, description="Needed with a location key; a token names it"
    )

    @model_validator(mode="after")
    def _edit_has_text(self) -> FeedbackRequest:
        if (self.action is FeedbackAction.EDITED) != (self.edited_text is not None):
            raise ValueError("edited_text is required with action 'edited', and only with it")
        return self


class Feedback(DomainModel):
    """One stored verdict. Giving feedback on the same item again replaces the earlier verdict."""

    feedback_id: str
    agent_id: str
    lead_id: str | None
    conversation_id: str | None
    analysis_id: str
    revision: int
    engine: str
    item: FeedbackItem
    item_index: int
    item_text: str
    action: FeedbackAction
    rating: int | None
    edited_text: str | None
    note: str | None
    objection_type: ObjectionType | None
    language: Language
    created_at: datetime
    updated_at: datetime


class FeedbackList(DomainModel):
    count: int
    feedback: list[Feedback]


class UseRate(DomainModel):
    """How often coaching of one kind was used: (used + edited) / all verdicts."""

    key: str
    used: int = Field(ge=0)
    edited: int = Field(ge=0)
    dismissed: int = Field(ge=0)
    total: int = Field(ge=0)
    use_rate: float = Field(ge=0.0, le=1.0)
    mean_rating: float | None = Field(default=None, ge=1.0, le=5.0)


class FeedbackReport(DomainModel):
    """Use rates over the stored verdicts; objection type 'none' is coaching without an objection."""

    total: int
    overall: UseRate
    by_objection_type: list[UseRate]
    by_language: list[UseRate]
    by_engine: list[UseRate]
    by_item: list[UseRate]
    by_day: list[UseRate]
