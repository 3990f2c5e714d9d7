"""Feedback on coaching: the agent used, edited or dismissed a suggestion, reply or question."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from ghl_real_estate_ai.api.deps import Analyzer, DbSession
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.api.viewer import CurrentViewer
from ghl_real_estate_ai.domain.feedback import Feedback, FeedbackList, FeedbackReport, FeedbackRequest
from ghl_real_estate_ai.services.coaching_feedback import CoachingFeedback
from ghl_real_estate_ai.services.scope import TenantScope

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"], responses=ERROR_RESPONSES)
RECORD_ERRORS: dict[int | str, dict[str, object]] = {
    **ERROR_RESPONSES,
    404: {"model": ErrorBody, "description": "No such coaching revision for this agent in this location"},
}


def _service(viewer: CurrentViewer, session: DbSession, analyzer: Analyzer) -> CoachingFeedback:
    return CoachingFeedback(TenantScope(session, viewer.location_id), viewer.agent_id, analyzer.composer)


@router.post("", response_model=Feedback, responses=RECORD_ERRORS)
async def record_feedback(
    body: FeedbackRequest, viewer: CurrentViewer, session: DbSession, analyzer: Analyzer
) -> Feedback:
    """Store the agent's verdict on one item of a coaching answer (a second verdict replaces the first).

    With an agent token the agent is the token's; with the location key give `agent_id`.
    """
    return await _service(viewer, session, analyzer).record(body)


@router.get("", response_model=FeedbackList)
async def list_feedback(
    viewer: CurrentViewer,
    session: DbSession,
    analyzer: Analyzer,
    lead_id: Annotated[str | None, Query(max_length=128)] = None,
    analysis_id: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> FeedbackList:
    """Verdicts, newest first: a lead's, or one analysis's (a token sees only its own agent's)."""
    return await _service(viewer, session, analyzer).listed(
        lead_id=lead_id, analysis_id=analysis_id, limit=limit
    )


@router.get("/report", response_model=FeedbackReport)
async def feedback_report(
    viewer: CurrentViewer,
    session: DbSession,
    analyzer: Analyzer,
    since: Annotated[AwareDatetime | None, Query(description="ISO-8601 with offset")] = None,
) -> FeedbackReport:
    """Use rates ((used + edited) / verdicts) per objection type, language, engine, item kind and day."""
    return await _service(viewer, session, analyzer).report(since)
