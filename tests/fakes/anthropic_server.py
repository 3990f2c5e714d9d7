"""A local fake of the Anthropic Messages API: real HTTP, the real wire format, scriptable per test.

The official SDK talks to it through its base_url. Each test queues behaviours (answer, error, slow,
malformed, refusal); when the queue is empty the default behaviour answers. Request bodies are captured.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.servers import free_port

GOOD_ANALYSIS: dict[str, Any] = {
    "intent": "financing_inquiry",
    "intent_probability": 0.91,
    "objection_type": "affordability",
    "objection_severity": "high",
    "objection_probability": 0.88,
    "motivation": "first_home",
    "decision_stage": "actively_searching",
    "urgency_level": "medium",
    "urgency_score": 55,
    "sentiment": "negative",
    "confidence": 0.83,
    "evidence": ["not sure if I can afford"],
}


@dataclass(frozen=True)
class Behaviour:
    kind: str  # answer | error | slow | malformed | refusal
    status: int = 200
    error_type: str = "api_error"
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    analysis: dict[str, Any] = field(default_factory=lambda: dict(GOOD_ANALYSIS))


def answer(analysis: dict[str, Any] | None = None) -> Behaviour:
    return Behaviour("answer", analysis=analysis or dict(GOOD_ANALYSIS))


def overloaded() -> Behaviour:
    return Behaviour("error", 529, "overloaded_error", "Overloaded")


def server_error() -> Behaviour:
    return Behaviour("error", 500, "api_error", "Internal server error")


def rate_limited(retry_after_s: float = 0.05) -> Behaviour:
    return Behaviour(
        "error",
        429,
        "rate_limit_error",
        "Number of requests has exceeded your rate limit",
        headers={"retry-after": str(retry_after_s)},
    )


def spend_limited() -> Behaviour:
    return Behaviour(
        "error",
        429,
        "rate_limit_error",
        "You have reached your specified workspace API usage limits (spend limit reached).",
        headers={"retry-after": "0"},
    )


def slow(delay_s: float, then: Behaviour | None = None) -> Behaviour:
    inner = then or answer()
    return Behaviour(
        inner.kind, inner.status, inner.error_type, inner.message, inner.headers, delay_s, inner.analysis
    )


def malformed() -> Behaviour:
    return Behaviour("malformed")


def refusal() -> Behaviour:
    return Behaviour("refusal")


@dataclass
class Captured:
    body: dict[str, Any]
    headers: dict[str, str]
    raw: str


class FakeAnthropic:
    def __init__(self) -> None:
        self.queue: deque[Behaviour] = deque()
        self.default = answer()
        self.requests: list[Captured] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        app = Starlette(routes=[Route("/v1/messages", self._messages, methods=["POST"])])
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> FakeAnthropic:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Anthropic server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)

    def script(self, *behaviours: Behaviour, default: Behaviour | None = None) -> None:
        """Reset: these behaviours in order, then `default` for every further call."""
        with self._lock:
            self.queue = deque(behaviours)
            self.default = default or answer()
            self.requests = []

    def _next(self) -> Behaviour:
        with self._lock:
            return self.queue.popleft() if self.queue else self.default

    async def _messages(self, request: Request) -> JSONResponse:
        raw = (await request.body()).decode()
        body = json.loads(raw)
        with self._lock:
            self.requests.append(Captured(body, dict(request.headers), raw))
        behaviour = self._next()
        if behaviour.delay_s:
            await asyncio.sleep(behaviour.delay_s)
        headers = {
            "request-id": f"req_{secrets.token_hex(8)}",
            "anthropic-ratelimit-requests-remaining": "99",
            "anthropic-ratelimit-tokens-remaining": "100000",
            **behaviour.headers,
        }
        if behaviour.kind == "error":
            error = {"type": behaviour.error_type, "message": behaviour.message}
            return JSONResponse(
                {"type": "error", "error": error, "request_id": headers["request-id"]},
                status_code=behaviour.status,
                headers=headers,
            )
        return JSONResponse(_message(body, behaviour), headers=headers)


def _message(body: dict[str, Any], behaviour: Behaviour) -> dict[str, Any]:
    tool_mode = bool(body.get("tools"))
    stop_reason = "tool_use" if tool_mode else "end_turn"
    payload: dict[str, Any] = dict(behaviour.analysis)
    if behaviour.kind == "malformed":
        payload = {"intent": "wants_a_pony", "urgency_score": 900}
    if behaviour.kind == "refusal":
        content: list[dict[str, Any]] = [{"type": "text", "text": "I can't help with that."}]
        stop_reason = "refusal"
    elif tool_mode:
        name = body["tools"][0]["name"]
        content = [
            {"type": "tool_use", "id": f"toolu_{secrets.token_hex(8)}", "name": name, "input": payload}
        ]
    else:
        content = [{"type": "text", "text": json.dumps(payload)}]
    cached = any("cache_control" in block for block in body.get("system", []))
    return {
        "id": f"msg_{secrets.token_hex(12)}",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "claude-sonnet-4-5"),
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": 420,
            "output_tokens": 96,
            "cache_creation_input_tokens": 0 if not cached else 310,
            "cache_read_input_tokens": 0,
        },
    }
