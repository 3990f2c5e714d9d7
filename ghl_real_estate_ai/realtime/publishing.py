"""What the analysis service tells the hub: each revision of an answer, once it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ghl_real_estate_ai.domain.coaching import CoachingResponse, ObjectionResponse
from ghl_real_estate_ai.domain.preferences import Preferences
from ghl_real_estate_ai.domain.semantic import QualificationAssessment, SemanticAnalysis

Answer = CoachingResponse | ObjectionResponse | SemanticAnalysis


@dataclass(frozen=True)
class RevisionEvent:
    """Revision 1 (the local answer) or 2 (Claude's refinement) of an analysis, for the agent's topics."""

    location_id: str
    agent_id: str | None
    analysis_id: str
    revision: int
    kind: str
    response: Answer
    conversation_stage: str | None = None
    # Coaching only: qualification completeness after this message, for the `progress` topic.
    progress: QualificationAssessment | None = None
    # The lead the answer is about and what the reading says they want (for pushing property matches).
    lead_id: str | None = None
    preferences: Preferences | None = None


class RevisionPublisher(Protocol):
    async def publish(self, event: RevisionEvent) -> None: ...


class NoPublisher:
    """Without a hub (a script, a test), revisions are stored and nobody is told."""

    async def publish(self, event: RevisionEvent) -> None:
        return None
