"""Each request's id, bound for every log line it causes; and the last word on errors nobody handled.

An unhandled error is logged here, safely (observability/logging.py), and answered with a 500 body in the
house shape. It does not travel on to the server's own error log, which would print it raw."""

from __future__ import annotations

import json
import logging
import re
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _request_id(scope: Scope) -> str:
    given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
    return given if _VALID_ID.match(given) else f"req_{uuid.uuid4().hex}"


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        structlog.contextvars.clear_contextvars()
        request_id = _request_id(scope)
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = False

        async def with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        except Exception:
            route = getattr(scope.get("route"), "path", "unmatched")
            logger.exception("unhandled error on %s", route)
            if scope["type"] == "http" and not started:
                await _internal_error(send, request_id)
        finally:
            structlog.contextvars.clear_contextvars()


async def _internal_error(send: Send, request_id: str) -> None:
    body = json.dumps(
        {"error": "internal_error", "message": f"The server could not answer; request id {request_id}."}
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})
