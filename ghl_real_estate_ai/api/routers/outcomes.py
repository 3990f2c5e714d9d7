"""Outcomes of leads (appointment, offer, closed won, lost), which retraining learns from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ghl_real_estate_ai.api.deps import CurrentLocation, DbSession
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES
from ghl_real_estate_ai.domain.outcomes import OutcomeRequest, RecordedOutcome
from ghl_real_estate_ai.services.outcome_service import OutcomeService

router = APIRouter(prefix="/api/v1/leads", tags=["outcomes"], responses=ERROR_RESPONSES)
ContactId = Annotated[str, Path(min_length=1, max_length=128)]


@router.post("/{contact_id}/outcome", response_model=RecordedOutcome, status_code=201)
async def record_outcome(
    contact_id: ContactId, body: OutcomeRequest, location: CurrentLocation, session: DbSession
) -> RecordedOutcome:
    """Record what happened to the lead and when (stored before the answer is sent)."""
    return await OutcomeService(session, location.id).record(contact_id, body)


@router.get("/{contact_id}/outcomes", response_model=list[RecordedOutcome])
async def list_outcomes(
    contact_id: ContactId, location: CurrentLocation, session: DbSession
) -> list[RecordedOutcome]:
    """The lead's outcomes in the order they happened."""
    return await OutcomeService(session, location.id).history(contact_id)
