"""Property matching: a lead's criteria against the location's imported listings."""

from __future__ import annotations

from fastapi import APIRouter

from ghl_real_estate_ai.api.deps import CurrentLocation, DbSession, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES
from ghl_real_estate_ai.domain.matching import MatchRequest, MatchResponse

router = APIRouter(prefix="/api/v1/claude/properties", tags=["properties"], responses=ERROR_RESPONSES)


@router.post("/match", response_model=MatchResponse)
async def match_properties(
    body: MatchRequest, location: CurrentLocation, session: DbSession, state: State
) -> MatchResponse:
    """Ranked listings that pass every hard filter, each with a met / near / missed reason per criterion.

    Listings come from `enterprisehub properties import`; a location without any gets an empty list.
    """
    return await state.property_matching.match(session, location.id, body)
