"""What the agent dashboard reads: leads, a lead's thread with its live coaching, and team counts."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ghl_real_estate_ai.domain.actions import ActionView
from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.coaching import CoachingResponse, RankedQuestion
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.qualification import AreaProgress, QualificationStage
from ghl_real_estate_ai.domain.taxonomy import Speaker


class QualificationProgress(DomainModel):
    """Per-area completeness and the stage, from what the lead has told us so far."""

    stage: QualificationStage
    completeness: float = Field(ge=0.0, le=100.0)
    areas: list[AreaProgress]


class LeadSummary(DomainModel):
    lead_id: str
    name: str | None
    last_activity: datetime
    conversations: int
    qualification: QualificationProgress
    priority_tier: str | None = Field(default=None, description="Tier of the lead's latest action plan")


class LeadList(DomainModel):
    count: int
    leads: list[LeadSummary]


class ThreadMessage(DomainModel):
    message_id: int
    conversation_id: str
    speaker: Speaker
    body: str
    created_at: datetime


class LiveCoaching(DomainModel):
    """The lead's latest coaching at its newest revision (Claude's revision 2 replaces revision 1)."""

    coaching: CoachingResponse
    analysis_id: str
    revision: int
    revisions: list[int]
    message_id: int | None
    created_at: datetime
    question_guide: list[RankedQuestion] = Field(
        description="The recommended questions with why, best first (same order as the coaching's)"
    )


class LeadDetail(DomainModel):
    lead_id: str
    name: str | None
    agents: list[str]
    thread: list[ThreadMessage]
    coaching: LiveCoaching | None
    qualification: QualificationProgress
    preferences: Preferences
    actions: list[ActionView] = Field(description="The lead's open and snoozed actions, soonest first")
    version: str = Field(description="Changes whenever the thread or the coaching changes")


class CountBy(DomainModel):
    key: str
    count: int = Field(ge=0)


class EngineFigures(DomainModel):
    """Recorded answers of one engine (local, claude) over the location's latest analyses."""

    engine: str
    analyses: int = Field(ge=0)
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    latency_p99_ms: float | None


class TeamSummary(DomainModel):
    """Leads by qualification stage and by priority tier ('unplanned': no action plan yet), and the
    engines' recorded latency."""

    leads: int
    by_stage: list[CountBy]
    by_tier: list[CountBy]
    engines: list[EngineFigures]
    analyses_considered: int = Field(ge=0)
