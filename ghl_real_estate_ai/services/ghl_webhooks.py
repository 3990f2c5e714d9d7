"""Taking GHL deliveries: verify, reject clearly, de-duplicate, and commit to the inbox before the 2xx.

GHL retries only on 429, so anything we cannot store right now is answered 429 (never 5xx).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.ghl.events import Envelope, WorkflowWebhook
from ghl_real_estate_ai.ghl.signatures import SignatureError, WebhookVerifier
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import (
    GhlSettingsRepository,
    InboxRepository,
    RejectedRepository,
    hash_secret,
)

KEPT_BYTES = 64 * 1024
# A database we cannot reach or that is busy (locked, pool exhausted, connection refused).
UNAVAILABLE = (SQLAlchemyError, OSError)  # of an oversized body, this much is kept for inspection


class WebhookRefused(Exception):
    """The delivery is refused for good (4xx): GHL will not retry it."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class TryLater(Exception):
    """We cannot take the delivery now: answer 429 so GHL delivers it again."""


@dataclass(frozen=True)
class Accepted:
    webhook_id: str
    duplicate: bool


class WebhookInbox:
    def __init__(self, settings: Settings, database: Database, clock: Clock = system_clock) -> None:
        self.settings = settings
        self.database = database
        self.clock = clock
        self.verifier = WebhookVerifier.from_pem(
            settings.ghl_webhook_ed25519_public_key, settings.ghl_webhook_rsa_public_key
        )
        self._backlog = 0
        self._backlog_checked = 0.0

    async def marketplace(
        self, body: bytes, size: int, ghl_signature: str | None, wh_signature: str | None
    ) -> Accepted:
        endpoint = "/api/v1/ghl/webhook"
        await self._refuse_oversized(endpoint, body, size)
        try:
            self.verifier.verify(body, ghl_signature, wh_signature)
        except SignatureError as error:
            # Not kept: anyone can post unsigned junk, and it says nothing about what GHL sends.
            raise WebhookRefused(401, "invalid_signature", str(error)) from error
        payload = await self._json(endpoint, body)
        try:
            envelope = Envelope.model_validate(payload)
        except ValidationError as error:
            await self._reject(endpoint, 422, f"Not a GHL webhook event: {_summary(error)}", body)
            raise WebhookRefused(
                422, "invalid_event", f"Not a GHL webhook event: {_summary(error)}"
            ) from error
        now = self.clock()
        stamp = (
            envelope.timestamp if envelope.timestamp.tzinfo else envelope.timestamp.replace(tzinfo=now.tzinfo)
        )
        if abs(now - stamp) > timedelta(seconds=self.settings.ghl_webhook_max_age_seconds):
            raise WebhookRefused(
                401,
                "stale_webhook",
                f"Webhook timestamp {envelope.timestamp.isoformat()} is too old (or in the future).",
            )
        return await self._store(
            webhook_id=envelope.webhook_id,
            source="marketplace",
            event_type=envelope.type,
            body=body,
            ghl_location_id=envelope.location_id,
            location_id=None,
        )

    async def workflow(self, location_id: str, secret: str | None, body: bytes, size: int) -> Accepted:
        endpoint = f"/api/v1/ghl/workflow-webhook/{location_id}"
        await self._refuse_oversized(endpoint, body, size)
        if not secret or not await self._secret_matches(location_id, secret):
            raise WebhookRefused(
                401, "invalid_secret", "Missing or wrong X-Webhook-Secret for this location."
            )
        payload = await self._json(endpoint, body)
        try:
            WorkflowWebhook.model_validate(payload)
        except ValidationError as error:
            await self._reject(endpoint, 422, f"Not a workflow webhook: {_summary(error)}", body)
            raise WebhookRefused(
                422, "invalid_event", f"Not a workflow webhook: {_summary(error)}"
            ) from error
        # Workflow actions carry no webhookId: the same body posted twice is the same delivery.
        digest = hash_secret(body.decode("utf-8", "replace"))
        return await self._store(
            webhook_id=f"wf:{location_id}:{digest}",
            source="workflow",
            event_type="WorkflowWebhook",
            body=body,
            ghl_location_id=None,
            location_id=location_id,
        )

    async def _secret_matches(self, location_id: str, secret: str) -> bool:
        try:
            async with self.database.session() as session:
                stored = await GhlSettingsRepository(session).for_location_if_exists(location_id)
        except UNAVAILABLE as error:
            raise TryLater(str(error)) from error
        expected = stored.workflow_secret_hash if stored is not None else None
        return expected is not None and secrets.compare_digest(expected, hash_secret(secret))

    async def _store(self, **fields: Any) -> Accepted:
        await self._check_backlog()
        body: bytes = fields.pop("body")
        try:
            async with self.database.session() as session:
                created = await InboxRepository(session).add(
                    body=body.decode("utf-8", "replace"), received_at=self.clock(), **fields
                )
        except UNAVAILABLE as error:
            raise TryLater(f"inbox unavailable: {type(error).__name__}") from error
        if created:
            self._backlog += 1
        return Accepted(webhook_id=fields["webhook_id"], duplicate=not created)

    async def _check_backlog(self) -> None:
        # Counting on every delivery would cost a query each: refresh the count at most once a second.
        if time.monotonic() - self._backlog_checked > 1.0:
            try:
                async with self.database.session() as session:
                    self._backlog = await InboxRepository(session).backlog()
            except UNAVAILABLE as error:
                raise TryLater(f"inbox unavailable: {type(error).__name__}") from error
            self._backlog_checked = time.monotonic()
        if self._backlog >= self.settings.ghl_inbox_backlog_limit:
            raise TryLater(f"inbox backlog is over {self.settings.ghl_inbox_backlog_limit} events")

    async def _json(self, endpoint: str, body: bytes) -> Any:
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            message = f"Body is not valid JSON: {error}"
            await self._reject(endpoint, 400, message, body)
            raise WebhookRefused(400, "malformed_body", message) from error

    async def _refuse_oversized(self, endpoint: str, body: bytes, size: int) -> None:
        limit = self.settings.ghl_webhook_max_bytes
        if size > limit:
            message = (
                f"Webhook body of {size} bytes exceeds the {limit}-byte limit; "
                f"its first {min(size, KEPT_BYTES)} bytes are kept for inspection."
            )
            await self._reject(endpoint, 413, message, body[:KEPT_BYTES], size)
            raise WebhookRefused(413, "payload_too_large", message)

    async def _reject(
        self, endpoint: str, status: int, reason: str, body: bytes, size: int | None = None
    ) -> None:
        try:
            async with self.database.session() as session:
                RejectedRepository(session).add(
                    endpoint=endpoint,
                    reason=reason,
                    status_code=status,
                    body=body,
                    body_size=size or len(body),
                )
        except UNAVAILABLE as error:
            raise TryLater("cannot keep the rejected payload right now") from error


def _summary(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'body'}: {item['msg']}" for item in error.errors()[:5]
    )
