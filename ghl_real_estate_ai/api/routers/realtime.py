"""WS /ws/coaching: the agent's live coaching socket (interfaces.md, WebSocket section)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from ghl_real_estate_ai.api.performance import Tracker, record_sample
from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.domain.performance import Feature, Outcome
from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext
from ghl_real_estate_ai.observability.instruments import SocketMetrics
from ghl_real_estate_ai.realtime.connection import Connection
from ghl_real_estate_ai.realtime.messages import ProspectMessage
from ghl_real_estate_ai.realtime.socket import CoachingSocket, refuse
from ghl_real_estate_ai.security.agent_tokens import AgentClaims, ExpiredAgentToken, InvalidAgentToken
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.services.token_standing import token_stands

router = APIRouter(tags=["realtime"])
REVOKED_REASON = "agent token revoked: its API key or location no longer exists"
CLOSE_UNAUTHORIZED = 4401


async def _stands(state: AppState, claims: AgentClaims) -> bool:
    """A token stands only while the API key that minted it does (not revoked, its location not deleted)."""
    async with state.database.session() as session:
        return await token_stands(TenantScope(session, claims.location_id), claims)


def _claims(state: AppState, token: str) -> AgentClaims | str:
    """The token's claims, or why it opens nothing."""
    try:
        return state.agent_tokens.verify(token)
    except ExpiredAgentToken:
        return "agent token expired: request a new one"
    except InvalidAgentToken:
        return "invalid agent token"


@router.websocket("/ws/coaching")
async def coaching_socket(websocket: WebSocket, token: str = "") -> None:
    state: AppState = websocket.app.state.enterprisehub
    claims = _claims(state, token)
    if isinstance(claims, str):
        await refuse(websocket, claims)
        return
    if not await _stands(state, claims):
        await refuse(websocket, REVOKED_REASON)
        return
    await websocket.accept()

    async def coach(message: ProspectMessage, connection: Connection) -> None:
        """As over HTTP; the service publishes the answer to the agent's topics once it is stored."""
        request = CoachingRequest(
            agent_id=connection.agent_id,
            conversation_context=ConversationContext(
                lead_id=message.lead_id, conversation_id=message.conversation_id
            ),
            prospect_message=message.message,
            conversation_stage=message.conversation_stage,
        )
        with state.admission.slot():  # Busy when the process is at capacity: the socket says so at once
            tracker = Tracker(Feature.COACHING, agent_id=connection.agent_id)
            try:
                # The token is checked in the transaction that would store the message: nothing is
                # stored or published for a revoked key.
                response = await state.analysis.live_coaching(
                    connection.location_id, request, lambda scope: token_stands(scope, claims)
                )
            except Exception:
                record_sample(state, connection.location_id, tracker, Outcome.FAILURE, tracker.elapsed_ms())
                raise
            if response is None:
                await websocket.close(code=CLOSE_UNAUTHORIZED, reason=REVOKED_REASON)
                return
            tracker.analysis_id = response.analysis_id
            figure = response.processing_time_ms
            record_sample(state, connection.location_id, tracker, Outcome.SUCCESS, figure)

    connection = state.hub.connect(claims.agent_id, claims.location_id)
    socket = CoachingSocket(
        websocket,
        state.hub,
        connection,
        coach,
        send_timeout_s=state.settings.hub_send_timeout_seconds,
        observer=SocketMetrics(state.metrics, state.clock),
    )
    await socket.run()
