"""WS /ws/coaching: the agent's live coaching socket (interfaces.md, WebSocket section)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError

from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext
from ghl_real_estate_ai.realtime.messages import (
    ClientMessage,
    ErrorMessage,
    PingMessage,
    PongMessage,
    ProspectMessage,
    ResumeMessage,
    SubscribeMessage,
)
from ghl_real_estate_ai.realtime.outbound import QueueOverflow
from ghl_real_estate_ai.security.agent_tokens import AgentClaims, ExpiredAgentToken, InvalidAgentToken
from ghl_real_estate_ai.services.analysis_service import TenantScope
from ghl_real_estate_ai.services.realtime_websocket_hub import Connection, TopicForbidden

# Close codes (4000-4999 are the application's): 4401 = no valid token, 4408 = client too slow.
CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_SLOW = 4408

router = APIRouter(tags=["realtime"])
logger = logging.getLogger(__name__)
_client_messages: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


async def _authenticate(websocket: WebSocket, state: AppState, token: str) -> AgentClaims | None:
    try:
        return state.agent_tokens.verify(token)
    except ExpiredAgentToken:
        reason = "agent token expired: request a new one"
    except InvalidAgentToken:
        reason = "invalid agent token"
    # Accept first: a close before accept is an HTTP 403, which tells the client nothing.
    await websocket.accept()
    await websocket.close(code=CLOSE_UNAUTHORIZED, reason=reason)
    return None


@router.websocket("/ws/coaching")
async def coaching_socket(websocket: WebSocket, token: str = "") -> None:
    state: AppState = websocket.app.state.enterprisehub
    claims = await _authenticate(websocket, state, token)
    if claims is None:
        return
    await websocket.accept()
    connection = state.hub.connect(claims.agent_id, claims.location_id)
    sender = asyncio.create_task(_send_queued(websocket, connection, state.settings.hub_send_timeout_seconds))
    try:
        while True:
            await _handle(await websocket.receive_text(), connection, state)
    except WebSocketDisconnect:
        pass
    finally:
        state.hub.disconnect(connection.id)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender


async def _send_queued(websocket: WebSocket, connection: Connection, send_timeout_s: float) -> None:
    try:
        while True:
            message = await connection.queue.get()
            # A send waits only while the client's socket buffers are full, i.e. it stopped reading.
            await asyncio.wait_for(
                websocket.send_text(message.model_dump_json(exclude_none=True)), send_timeout_s
            )
    except QueueOverflow as overflow:
        await _close_too_slow(websocket, f"{overflow}: reconnect and resume")
    except TimeoutError:
        await _close_too_slow(
            websocket, f"the client read nothing for {send_timeout_s:g} s: reconnect and resume"
        )
    except (WebSocketDisconnect, RuntimeError):
        pass  # the socket is gone; the receive loop ends the connection


async def _close_too_slow(websocket: WebSocket, reason: str) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await websocket.close(code=CLOSE_TOO_SLOW, reason=reason)


async def _handle(text: str, connection: Connection, state: AppState) -> None:
    try:
        message = _client_messages.validate_json(text)
        if isinstance(message, SubscribeMessage):
            await state.hub.subscribe(connection.id, message.topics)
        elif isinstance(message, ResumeMessage):
            await state.hub.resume(connection.id, message.positions())
        elif isinstance(message, ProspectMessage):
            await _coach(message, connection, state)
        elif isinstance(message, PingMessage):
            connection.queue.put_control(PongMessage())
    except ValidationError as error:
        connection.queue.put_control(ErrorMessage(code="invalid_message", message=_first_error(error)))
    except ValueError as error:
        connection.queue.put_control(ErrorMessage(code="invalid_message", message=str(error)))
    except TopicForbidden as error:
        connection.queue.put_control(ErrorMessage(code="forbidden_topic", message=str(error)))


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


async def _coach(message: ProspectMessage, connection: Connection, state: AppState) -> None:
    """The coaching pipeline, as over HTTP; the answer reaches the agent as events on its topics."""
    request = CoachingRequest(
        agent_id=connection.agent_id,
        conversation_context=ConversationContext(
            lead_id=message.lead_id, conversation_id=message.conversation_id
        ),
        prospect_message=message.message,
        conversation_stage=message.conversation_stage,
    )
    async with state.database.session() as session:
        response = await state.analysis.real_time_coaching(
            request, scope=TenantScope(session, connection.location_id)
        )
    await state.hub.publish_coaching(
        connection.location_id, connection.agent_id, response, message.conversation_stage
    )
