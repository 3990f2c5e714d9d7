"""One agent's live socket: read client messages, send what the hub queued, close slow clients clearly.

Close codes (4000-4999 are the application's): 4401 = no valid token, 4408 = client too slow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from pydantic import TypeAdapter, ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketDisconnected

from ghl_real_estate_ai.domain.errors import Busy
from ghl_real_estate_ai.realtime.connection import Connection, TopicForbidden, UnknownConnection
from ghl_real_estate_ai.realtime.hub import CoachingHub
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

CLOSE_UNAUTHORIZED = 4401
CLOSE_TOO_SLOW = 4408
# How long (in send timeouts) a slow client has to read up to the close frame before it is dropped.
CLOSE_GRACE_SENDS = 6

logger = logging.getLogger(__name__)
_client_messages: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)

# What the app does with a prospect's message typed on the socket (coach it; the hub delivers).
ProspectHandler = Callable[[ProspectMessage, Connection], Awaitable[None]]


async def refuse(websocket: WebSocket, reason: str) -> None:
    # Accept first: a close before accept is an HTTP 403, which tells the client nothing.
    await websocket.accept()
    await websocket.close(code=CLOSE_UNAUTHORIZED, reason=reason)


class CoachingSocket:
    def __init__(
        self,
        websocket: WebSocket,
        hub: CoachingHub,
        connection: Connection,
        on_prospect: ProspectHandler,
        *,
        send_timeout_s: float,
    ) -> None:
        self.websocket = websocket
        self.hub = hub
        self.connection = connection
        self.on_prospect = on_prospect
        self.send_timeout_s = send_timeout_s

    async def run(self) -> None:
        receiver = asyncio.create_task(self._receive())
        sender = asyncio.create_task(self._send_queued())
        try:
            # Either side can end the connection: the client leaving, or the hub giving up on a slow client.
            await asyncio.wait({receiver, sender}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            self.hub.disconnect(self.connection.id)
            for task in (receiver, sender):
                task.cancel()
            for outcome in await asyncio.gather(receiver, sender, return_exceptions=True):
                if isinstance(outcome, Exception):
                    logger.error("coaching socket of %s failed", self.connection.agent_id, exc_info=outcome)

    async def _receive(self) -> None:
        # WebSocketDisconnected / UnknownConnection: the sender gave up on a client too slow (socket
        # closed, hub connection freed) while this was waiting or working.
        with contextlib.suppress(WebSocketDisconnect, WebSocketDisconnected, UnknownConnection):
            while True:
                await self._handle(await self.websocket.receive_text())

    async def _send_queued(self) -> None:
        try:
            while True:
                message = await self.connection.queue.get()
                # A send waits only while the client's socket buffers are full, i.e. it stopped reading.
                await asyncio.wait_for(
                    self.websocket.send_text(message.model_dump_json(exclude_none=True)), self.send_timeout_s
                )
        except QueueOverflow as overflow:
            reason = f"{overflow}: reconnect and resume"
        except TimeoutError:
            reason = f"the client read nothing for {self.send_timeout_s:g} s: reconnect and resume"
        except (WebSocketDisconnect, RuntimeError):
            return  # the socket is gone
        # Free the hub's side now; the close frame waits behind what the client has not read yet.
        self.hub.disconnect(self.connection.id)
        with contextlib.suppress(WebSocketDisconnect, RuntimeError, TimeoutError):
            await asyncio.wait_for(
                self.websocket.close(code=CLOSE_TOO_SLOW, reason=reason),
                self.send_timeout_s * CLOSE_GRACE_SENDS,
            )

    async def _handle(self, text: str) -> None:
        connection = self.connection
        try:
            message = _client_messages.validate_json(text)
            match message:
                case SubscribeMessage():
                    await self.hub.subscribe(connection.id, message.topics)
                case ResumeMessage():
                    await self.hub.resume(connection.id, message.positions())
                case ProspectMessage():
                    await self.on_prospect(message, connection)
                case PingMessage():
                    connection.queue.put_control(PongMessage())
        except Busy as busy:
            wait_ms = round(busy.retry_after_s * 1000)
            connection.queue.put_control(
                ErrorMessage(code="busy", message=busy.message, retry_after_ms=wait_ms)
            )
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
