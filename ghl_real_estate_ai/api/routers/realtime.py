"""WS /ws/coaching: the agent's live coaching socket (interfaces.md, WebSocket section)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import TypeAdapter, ValidationError
from starlette.websockets import WebSocketDisconnected

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
from ghl_real_estate_ai.services.realtime_websocket_hub import Connection, TopicForbidden, UnknownConnection
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository

# Close codes (4000-4999 are the application's): 4401 = no valid token, 4408 = client too slow.
CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_SLOW = 4408
# How long (in send timeouts) a slow client has to read up to the close frame before it is dropped.
CLOSE_GRACE_SENDS = 6
REVOKED_REASON = "agent token revoked: its API key or location no longer exists"

router = APIRouter(tags=["realtime"])
logger = logging.getLogger(__name__)
_client_messages: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


class TokenRevoked(Exception):
    """The API key that minted the token was revoked, or its location deleted, while the socket was open."""


async def _stands(state: AppState, claims: AgentClaims) -> bool:
    async with state.database.session() as session:
        return await ApiKeyRepository(session).stands(claims.key_id, claims.location_id)


async def _authenticate(websocket: WebSocket, state: AppState, token: str) -> AgentClaims | None:
    try:
        claims = state.agent_tokens.verify(token)
    except ExpiredAgentToken:
        reason = "agent token expired: request a new one"
    except InvalidAgentToken:
        reason = "invalid agent token"
    else:
        if await _stands(state, claims):
            return claims
        reason = REVOKED_REASON
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
    receiver = asyncio.create_task(_receive(websocket, connection, claims, state))
    sender = asyncio.create_task(_send_queued(websocket, connection, state))
    try:
        # Either side can end the connection: the client leaving, or the hub giving up on a slow client.
        await asyncio.wait({receiver, sender}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        state.hub.disconnect(connection.id)
        for task in (receiver, sender):
            task.cancel()
        for outcome in await asyncio.gather(receiver, sender, return_exceptions=True):
            if isinstance(outcome, Exception):
                logger.error("coaching socket of %s failed", claims.agent_id, exc_info=outcome)


async def _receive(
    websocket: WebSocket, connection: Connection, claims: AgentClaims, state: AppState
) -> None:
    # WebSocketDisconnected / UnknownConnection: the sender gave up on a client too slow (socket closed,
    # hub connection freed) while this was waiting or working.
    with contextlib.suppress(WebSocketDisconnect, WebSocketDisconnected, UnknownConnection):
        try:
            while True:
                await _handle(await websocket.receive_text(), connection, claims, state)
        except TokenRevoked:
            await websocket.close(code=CLOSE_UNAUTHORIZED, reason=REVOKED_REASON)


async def _send_queued(websocket: WebSocket, connection: Connection, state: AppState) -> None:
    send_timeout_s = state.settings.hub_send_timeout_seconds
    try:
        while True:
            message = await connection.queue.get()
            # A send waits only while the client's socket buffers are full, i.e. it stopped reading.
            await asyncio.wait_for(
                websocket.send_text(message.model_dump_json(exclude_none=True)), send_timeout_s
            )
    except QueueOverflow as overflow:
        reason = f"{overflow}: reconnect and resume"
    except TimeoutError:
        reason = f"the client read nothing for {send_timeout_s:g} s: reconnect and resume"
    except (WebSocketDisconnect, RuntimeError):
        return  # the socket is gone
    # Free the hub's side now; the close frame waits behind what the client has not read yet.
    state.hub.disconnect(connection.id)
    with contextlib.suppress(WebSocketDisconnect, RuntimeError, TimeoutError):
        await asyncio.wait_for(
            websocket.close(code=CLOSE_TOO_SLOW, reason=reason), send_timeout_s * CLOSE_GRACE_SENDS
        )


async def _handle(text: str, connection: Connection, claims: AgentClaims, state: AppState) -> None:
    try:
        message = _client_messages.validate_json(text)
        if isinstance(message, SubscribeMessage):
            await state.hub.subscribe(connection.id, message.topics)
        elif isinstance(message, ResumeMessage):
            await state.hub.resume(connection.id, message.positions())
        elif isinstance(message, ProspectMessage):
            await _coach(message, connection, claims, state)
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


async def _coach(
    message: ProspectMessage, connection: Connection, claims: AgentClaims, state: AppState
) -> None:
    """The coaching pipeline, as over HTTP; the answer reaches the agent as events on its topics.

    Nothing is stored for a token whose key was revoked since the socket opened (checked in the same
    transaction that stores the message)."""
    request = CoachingRequest(
        agent_id=connection.agent_id,
        conversation_context=ConversationContext(
            lead_id=message.lead_id, conversation_id=message.conversation_id
        ),
        prospect_message=message.message,
        conversation_stage=message.conversation_stage,
    )
    async with state.database.session() as session:
        if not await ApiKeyRepository(session).stands(claims.key_id, claims.location_id):
            raise TokenRevoked
        response = await state.analysis.real_time_coaching(
            request, scope=TenantScope(session, connection.location_id)
        )
    await state.hub.publish_coaching(
        connection.location_id, connection.agent_id, response, message.conversation_stage
    )
