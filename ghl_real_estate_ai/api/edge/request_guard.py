"""Refuses, before any route runs, requests no field could hold: huge headers, control characters in the
path or query, JSON nested deeper than the limit, control characters in any JSON string.

JSON bodies are read whole here (LimitBodySize, outside this, has already bounded them), checked, and
handed on unchanged. Routes that read and check their own bodies (GHL webhooks: signature first) are exempt.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ghl_real_estate_ai.api.edge._answers import send_error
from ghl_real_estate_ai.security.input_checks import (
    InputRefused,
    check_strings,
    forbidden_character,
    json_depth,
)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class RequestGuard:
    def __init__(
        self, app: ASGIApp, max_header_bytes: int, max_json_depth: int, exempt_prefixes: tuple[str, ...] = ()
    ) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.max_json_depth = max_json_depth
        self.exempt_prefixes = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        size = sum(len(name) + len(value) for name, value in scope["headers"])
        if size > self.max_header_bytes:
            message = f"Request headers of {size} bytes exceed {self.max_header_bytes} bytes."
            await self._refuse(scope, receive, send, 431, "headers_too_large", message)
            return
        problem = _url_problem(scope)
        if problem is not None:
            await self._refuse(scope, receive, send, 422, "invalid_request", problem)
            return
        if scope["type"] == "websocket" or not self._reads_json(scope):
            await self.app(scope, receive, send)
            return
        body, more = await _read_all(receive)
        problem = self._body_problem(body)
        if problem is not None:
            await send_error(send, 422, "invalid_request", problem)
            return
        await self.app(scope, _replay(body, more, receive), send)

    def _reads_json(self, scope: Scope) -> bool:
        if scope.get("method") not in BODY_METHODS or str(scope["path"]).startswith(self.exempt_prefixes):
            return False
        content_type = dict(scope["headers"]).get(b"content-type", b"")
        return b"json" in content_type or not content_type

    def _body_problem(self, body: bytes) -> str | None:
        if not body:
            return None
        depth = json_depth(body)
        if depth > self.max_json_depth:
            return (
                f"Invalid request: JSON nests {depth} levels deep; at most {self.max_json_depth} are allowed."
            )
        try:
            document = json.loads(body)
        except (ValueError, RecursionError):
            return None  # not JSON: the route's own validation answers 422 with the details
        try:
            check_strings(document)
        except InputRefused as refused:
            return f"Invalid request: {refused}"
        return None

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
    ) -> None:
        if scope["type"] == "websocket":
            # Before accept, a close is answered as HTTP 403 by the server.
            await receive()
            await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
            return
        await send_error(send, status, code, message)


def _url_problem(scope: Scope) -> str | None:
    path = str(scope.get("path", ""))
    found = forbidden_character(path)
    if found is not None:
        return f"Invalid request: the path holds control character {found}."
    query = unquote(bytes(scope.get("query_string", b"")).decode("latin-1"))
    found = forbidden_character(query)
    if found is not None:
        return f"Invalid request: the query string holds control character {found}."
    return None


async def _read_all(receive: Receive) -> tuple[bytes, list[Message]]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]  # e.g. http.disconnect: passed on as it came
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), []


def _replay(body: bytes, pending: list[Message], receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
