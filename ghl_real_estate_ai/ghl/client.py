"""GHL API v2 over httpx: per-endpoint Version headers, Bearer token per location, rate limits, backoff.

Only the calls the pipeline needs. Retries here are short and in-process (a 429 that tells us when to
come back, a brief 5xx); longer outages are the outbox's job (attempts, next_attempt_at, dead letter).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

from ghl_real_estate_ai.settings import Settings


class GhlError(Exception):
    """A GHL call failed. `retryable` says whether trying again later may succeed."""

    def __init__(
        self, message: str, *, status: int | None, retryable: bool, retry_after: float | None = None
    ):
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


class GhlUnauthorized(GhlError):
    """401: the location's token is wrong, expired or revoked."""


class GhlRejected(GhlError):
    """422 (or another 4xx): GHL refuses the payload; retrying the same call will not help."""


@dataclass
class RateWindow:
    """Client-side sliding window per location (GHL: 100 requests per 10 s), plus what GHL told us."""

    limit: int
    interval: float
    sent: deque[float] = field(default_factory=deque)
    blocked_until: float = 0.0

    async def acquire(self) -> None:
        while True:
            now = time.monotonic()
            while self.sent and now - self.sent[0] >= self.interval:
                self.sent.popleft()
            wait = max(self.blocked_until - now, 0.0)
            if not wait and len(self.sent) < self.limit:
                self.sent.append(now)
                return
            if not wait:
                wait = self.interval - (now - self.sent[0])
            await asyncio.sleep(max(wait, 0.001))

    def observe(self, headers: httpx.Headers) -> None:
        remaining = headers.get("x-ratelimit-remaining")
        interval_ms = headers.get("x-ratelimit-interval-milliseconds")
        if remaining is not None and remaining.strip() == "0" and interval_ms and interval_ms.isdigit():
            self.blocked_until = max(self.blocked_until, time.monotonic() + int(interval_ms) / 1000)


class GhlClient:
    """One per process; tokens are passed per call, since each location has its own."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient | None = None, retries: int = 2) -> None:
        self.settings = settings
        self.http = http or httpx.AsyncClient(
            base_url=settings.ghl_api_base_url, timeout=settings.ghl_http_timeout_seconds
        )
        self.retries = retries
        self._windows: dict[str, RateWindow] = {}

    async def aclose(self) -> None:
        await self.http.aclose()

    def _window(self, location_key: str) -> RateWindow:
        window = self._windows.get(location_key)
        if window is None:
            window = RateWindow(
                self.settings.ghl_rate_limit_max, self.settings.ghl_rate_limit_interval_seconds
            )
            self._windows[location_key] = window
        return window

    async def request(
        self, method: str, path: str, *, token: str, location_key: str, version: str, json: Any = None
    ) -> Any:
        headers = {"Authorization": f"Bearer {token}", "Version": version, "Accept": "application/json"}
        window = self._window(location_key)
        for attempt in range(self.retries + 1):
            await window.acquire()
            try:
                response = await self.http.request(method, path, headers=headers, json=json)
            except httpx.TransportError as error:
                failure = GhlError(f"GHL {method} {path}: {error!r}", status=None, retryable=True)
            else:
                window.observe(response.headers)
                if response.status_code < 300:
                    return response.json() if response.content else None
                failure = _failure(method, path, response)
            if not failure.retryable or attempt == self.retries:
                raise failure
            await asyncio.sleep(self._backoff(attempt, failure.retry_after))
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.settings.ghl_backoff_max_seconds)
        ceiling = min(
            self.settings.ghl_backoff_base_seconds * 2**attempt, self.settings.ghl_backoff_max_seconds
        )
        return random.uniform(ceiling / 2, ceiling)  # jitter: retries from many workers do not align

    # The calls the pipeline makes -------------------------------------------------------------------

    async def contacts(self, method: str, path: str, token: str, location_key: str, json: Any = None) -> Any:
        version = self.settings.ghl_contacts_version
        return await self.request(
            method, path, token=token, location_key=location_key, version=version, json=json
        )

    async def list_custom_fields(self, ghl_location_id: str, token: str) -> list[dict[str, Any]]:
        answer = await self.contacts(
            "GET", f"/locations/{ghl_location_id}/customFields", token, ghl_location_id
        )
        return list((answer or {}).get("customFields", []))

    async def create_custom_field(self, ghl_location_id: str, token: str, key: str) -> str:
        body = {"name": key, "dataType": "TEXT", "fieldKey": f"contact.{key}"}
        answer = await self.contacts(
            "POST", f"/locations/{ghl_location_id}/customFields", token, ghl_location_id, body
        )
        return str(answer["customField"]["id"])

    async def update_custom_fields(
        self, contact_id: str, token: str, location_key: str, fields: list[dict[str, Any]]
    ) -> None:
        # Only customFields: a PUT carrying `tags` would replace every tag on the contact.
        await self.contacts("PUT", f"/contacts/{contact_id}", token, location_key, {"customFields": fields})

    async def contact(self, contact_id: str, token: str, location_key: str) -> dict[str, Any]:
        answer = await self.contacts("GET", f"/contacts/{contact_id}", token, location_key)
        return dict((answer or {}).get("contact", {}))

    async def add_tags(self, contact_id: str, token: str, location_key: str, tags: list[str]) -> None:
        await self.contacts("POST", f"/contacts/{contact_id}/tags", token, location_key, {"tags": tags})

    async def add_note(self, contact_id: str, token: str, location_key: str, body: str) -> None:
        await self.contacts("POST", f"/contacts/{contact_id}/notes", token, location_key, {"body": body})

    async def notes(self, contact_id: str, token: str, location_key: str) -> list[dict[str, Any]]:
        answer = await self.contacts("GET", f"/contacts/{contact_id}/notes", token, location_key)
        return list((answer or {}).get("notes", []))

    async def add_task(self, contact_id: str, token: str, location_key: str, task: dict[str, Any]) -> None:
        await self.contacts("POST", f"/contacts/{contact_id}/tasks", token, location_key, task)

    async def tasks(self, contact_id: str, token: str, location_key: str) -> list[dict[str, Any]]:
        answer = await self.contacts("GET", f"/contacts/{contact_id}/tasks", token, location_key)
        return list((answer or {}).get("tasks", []))


def _failure(method: str, path: str, response: httpx.Response) -> GhlError:
    status = response.status_code
    message = _message(response)
    where = f"GHL {method} {path} answered {status}"
    if status == 401:
        return GhlUnauthorized(
            f"{where}: the location's GHL token was refused ({message})", status=401, retryable=False
        )
    if status == 429:
        return GhlError(
            f"{where}: rate limited", status=429, retryable=True, retry_after=_retry_after(response)
        )
    if status >= 500:
        return GhlError(f"{where}: {message}", status=status, retryable=True)
    return GhlRejected(f"{where}: {message}", status=status, retryable=False)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value and value.replace(".", "", 1).isdigit():
        return float(value)
    if response.headers.get("x-ratelimit-remaining", "").strip() == "0":
        interval = response.headers.get("x-ratelimit-interval-milliseconds", "")
        if interval.isdigit():
            return int(interval) / 1000
    return None


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or "no body"
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, list):
            return "; ".join(str(item) for item in message)
        if message:
            return str(message)
    return str(body)[:300]
