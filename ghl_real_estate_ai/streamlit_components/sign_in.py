"""Signing the dashboard in: an agent's token, or the location's key plus the agent to act as.

With the key, the page asks the API for that agent's token and uses it for the agent view, so the
agent view sees exactly what the agent's own token would. The key itself is kept for the team view
and never shown back beyond its first characters.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from ghl_real_estate_ai.streamlit_components.api_client import ApiError, DashboardApi


@dataclass
class SignedIn:
    agent_id: str
    agent: DashboardApi  # with the agent's token
    location: DashboardApi | None  # with the location's key, when signed in with it

    @property
    def shown_credential(self) -> str:
        return (self.location or self.agent).shown_credential

    def close(self) -> None:
        self.agent.close()
        if self.location is not None:
            self.location.close()


def token_agent(token: str) -> str | None:
    """The agent a token names (read, not verified: the API verifies it on every call)."""
    payload = token.partition(".")[0]
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error):
        return None
    agent = claims.get("agt") if isinstance(claims, dict) else None
    return agent if isinstance(agent, str) else None


def sign_in(api_url: str, credential: str, agent_id: str | None) -> SignedIn:
    credential = credential.strip()
    if not credential:
        raise ApiError(401, "enter an agent token or the location's API key")
    if "." in credential:
        named = token_agent(credential)
        if named is None:
            raise ApiError(401, "that is not an agent token")
        agent = DashboardApi(api_url, credential)
        try:
            agent.leads()  # the API checks the token here
        except ApiError:
            agent.close()
            raise
        return SignedIn(named, agent, None)
    if not agent_id or not agent_id.strip():
        raise ApiError(422, "with the location's API key, say which agent you are")
    location = DashboardApi(api_url, credential)
    try:
        token = location.agent_token(agent_id.strip())
    except ApiError:
        location.close()
        raise
    return SignedIn(agent_id.strip(), DashboardApi(api_url, token), location)
