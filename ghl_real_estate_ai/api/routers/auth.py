from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ghl_real_estate_ai.api.deps import CurrentApiKey, CurrentLocation, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=ERROR_RESPONSES)


class AgentTokenRequest(BaseModel):
    agent_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:@-]+$")


class AgentTokenResponse(BaseModel):
    token: str
    expires_at: datetime


@router.post("/agent-token", response_model=AgentTokenResponse)
async def agent_token(
    body: AgentTokenRequest, location: CurrentLocation, key: CurrentApiKey, state: State
) -> AgentTokenResponse:
    """A token for `/ws/coaching?token=...`: opens only this agent's topics, in the caller's location,
    for as long as the API key that asked for it is not revoked (and within its expiry)."""
    issued = state.agent_tokens.issue(body.agent_id, location.id, key.id)
    return AgentTokenResponse(token=issued.token, expires_at=issued.expires_at)
