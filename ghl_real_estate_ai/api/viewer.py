"""Who is looking: a location's API key (the whole location) or an agent's token (that agent only).

The dashboard's reads and the feedback endpoints accept either, so an agent's browser never needs
the location's key. A token is the one `POST /api/v1/auth/agent-token` issues for the WebSocket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header

from ghl_real_estate_ai.api.deps import DbSession, State, _presented_key
from ghl_real_estate_ai.domain.errors import Unauthenticated
from ghl_real_estate_ai.security.agent_tokens import ExpiredAgentToken, InvalidAgentToken
from ghl_real_estate_ai.storage.models import Location
from ghl_real_estate_ai.storage.repositories import LocationRepository


@dataclass(frozen=True)
class Viewer:
    location: Location
    agent_id: str | None  # None: the location's key, which sees every agent

    @property
    def location_id(self) -> str:
        return self.location.id


def _looks_like_token(credential: str) -> bool:
    # Tokens are "claims.signature"; API keys (ehk_ + urlsafe base64) never contain a dot.
    return "." in credential


async def current_viewer(
    session: DbSession,
    state: State,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Viewer:
    credential = _presented_key(authorization, x_api_key)
    if credential is None:
        raise Unauthenticated(
            "Missing credentials: send 'Authorization: Bearer <api_key or agent token>' or 'X-API-Key'."
        )
    if _looks_like_token(credential):
        try:
            claims = state.agent_tokens.verify(credential)
        except ExpiredAgentToken:
            raise Unauthenticated("Agent token expired: request a new one.") from None
        except InvalidAgentToken:
            raise Unauthenticated("Invalid agent token.") from None
        location = await session.get(Location, claims.location_id)
        if location is None:
            raise Unauthenticated("Invalid agent token.")
        return Viewer(location, claims.agent_id)
    found = await LocationRepository(session).by_api_key(credential)
    if found is None:
        raise Unauthenticated("Unknown or revoked API key.")
    return Viewer(found, None)


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
