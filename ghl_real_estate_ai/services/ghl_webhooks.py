"""Taking GHL deliveries: verify, reject clearly, de-duplicate, and commit to the inbox before the 2xx.

Order: the signature (or workflow secret) is checked before anything is stored, so what an anonymous
client posts is counted (`enterprisehub_webhooks_refused_total`) and never kept; an oversized body is
refused unread and not kept either (its signature cannot be checked without all of it). Only then is
the body parsed and checked for what no row can hold (JSON nesting, control characters such as NUL): such
a signed event is refused 422 and kept in `ghl_rejected_payloads` with its reason. One the worker cannot
store for another reason (an id longer than its column) is dead-lettered there with its reason and
listed by `GET /api/v1/ghl/inbox?status=dead`: never acknowledged and then silently dropped.

GHL retries only on 429, so anything we cannot store right now is answered 429 (never 5xx).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.errors import Invalid, Malformed, TooLarge, Unauthenticated
from ghl_real_estate_ai.ghl.events import Envelope, WorkflowWebhook
from ghl_real_estate_ai.ghl.signatures import SignatureError, WebhookVerifier
from ghl_real_estate_ai.observability.metrics import Metrics
from ghl_real_estate_ai.security.input_checks import InputRefused, check_strings, json_depth
from ghl_real_estate_ai.services.ghl_intake_commit import GroupCommit, TryLater
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import (
    GhlSettingsRepository,
    InboxRepository,
    RejectedRepository,
    hash_secret,
)

LOCATION_ID_MAX = 40  # locations.id
# A database we cannot reach or that is busy (locked, pool exhausted, connection refused).
UNAVAILABLE = (SQLAlchemyError, OSError)


@dataclass(frozen=True)
class Accepted:
    webhook_id: str
    duplicate: bool


class WebhookInbox:
    def __init__(
        self,
        settings: Settings,
        database: Database,
        clock: Clock = system_clock,
        metrics: Metrics | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics or Metrics()
        self.database = database
        self.clock = clock
        self.verifier = WebhookVerifier.from_pem(
            settings.ghl_webhook_ed25519_public_key, settings.ghl_webhook_rsa_public_key
        )
        self._writes = GroupCommit(database)
        self._backlog = 0
        self._backlog_checked: float | None = None
        self._backlog_refresh: asyncio.Task[None] | None = None

    async def marketplace(
        self, body: bytes, size: int, ghl_signature: str | None, wh_signature: str | None
    ) -> Accepted:
        endpoint = "/api/v1/ghl/webhook"
        self._refuse_oversized("marketplace", size)
        try:
            self.verifier.verify(body, ghl_signature, wh_signature)
        except SignatureError as error:
            # Not kept: anyone can post unsigned junk, and it says nothing about what GHL sends.
            self.metrics.webhooks_refused.labels("marketplace", "invalid_signature").inc()
            raise Unauthenticated(str(error), code="invalid_signature") from error
        payload = await self._json(endpoint, body)
        try:
            envelope = Envelope.model_validate(payload)
        except ValidationError as error:
            await self._reject(endpoint, 422, f"Not a GHL webhook event: {_summary(error)}", body)
            raise Invalid(f"Not a GHL webhook event: {_summary(error)}", code="invalid_event") from error
        now = self.clock()
        stamp = (
            envelope.timestamp if envelope.timestamp.tzinfo else envelope.timestamp.replace(tzinfo=now.tzinfo)
        )
        if abs(now - stamp) > timedelta(seconds=self.settings.ghl_webhook_max_age_seconds):
            raise Unauthenticated(
                f"Webhook timestamp {envelope.timestamp.isoformat()} is too old (or in the future).",
                code="stale_webhook",
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
        self._refuse_oversized("workflow", size)
        if (
            not secret
            or len(location_id) > LOCATION_ID_MAX
            or not await self._secret_matches(location_id, secret)
        ):
            self.metrics.webhooks_refused.labels("workflow", "invalid_secret").inc()
            raise Unauthenticated(
                "Missing or wrong X-Webhook-Secret for this location.", code="invalid_secret"
            )
        payload = await self._json(endpoint, body)
        try:
            WorkflowWebhook.model_validate(payload)
        except ValidationError as error:
            await self._reject(endpoint, 422, f"Not a workflow webhook: {_summary(error)}", body)
            raise Invalid(f"Not a workflow webhook: {_summary(error)}", code="invalid_event") from error
        # Workflow actions carry no webhookId: the same event posted twice is the same delivery, however
        # its JSON is spaced or its keys ordered (the canonical form is hashed, not the bytes).
        digest = hash_secret(json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
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
            created = await self._writes.add(
                {**fields, "body": body.decode("utf-8", "replace"), "received_at": self.clock()}
            )
        except UNAVAILABLE as error:
            raise TryLater(f"inbox unavailable: {type(error).__name__}") from error
        if created:
            self._backlog += 1
        return Accepted(webhook_id=fields["webhook_id"], duplicate=not created)

    async def _check_backlog(self) -> None:
        # Counting on every delivery would cost a query each: the count is refreshed at most once a
        # second, by one query in the background while deliveries go on with the last count (plus the
        # events stored since). Only the very first delivery waits for a count.
        if self._backlog_checked is None:
            await self._count_backlog()
        elif time.monotonic() - self._backlog_checked > 1.0 and self._backlog_refresh is None:
            self._backlog_refresh = asyncio.create_task(self._refresh_backlog())
        if self._backlog >= self.settings.ghl_inbox_backlog_limit:
            raise TryLater(f"inbox backlog is over {self.settings.ghl_inbox_backlog_limit} events")

    async def _count_backlog(self) -> None:
        try:
            async with self.database.session() as session:
                self._backlog = await InboxRepository(session).backlog()
        except UNAVAILABLE as error:
            raise TryLater(f"inbox unavailable: {type(error).__name__}") from error
        self._backlog_checked = time.monotonic()

    async def _refresh_backlog(self) -> None:
        try:
            await self._count_backlog()
        except TryLater:
            pass  # the last count stands; storing the event will tell whether the database answers
        finally:
            self._backlog_refresh = None

    async def _json(self, endpoint: str, body: bytes) -> Any:
        depth = json_depth(body)
        if depth > self.settings.max_json_depth:
            message = f"Body nests {depth} levels deep; at most {self.settings.max_json_depth} are allowed."
            await self._reject(endpoint, 422, message, body)
            raise Invalid(message, code="invalid_event")
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            message = f"Body is not valid JSON: {error}"
            await self._reject(endpoint, 400, message, body)
            raise Malformed(message, code="malformed_body") from error
        try:
            check_strings(payload)
        except InputRefused as refused:
            # PostgreSQL cannot store NUL in text: such an event would fail in the worker every time.
            message = f"Not a storable event: {refused}"
            await self._reject(endpoint, 422, message, body)
            raise Invalid(message, code="invalid_event") from refused
        return payload

    def _refuse_oversized(self, source: str, size: int) -> None:
        limit = self.settings.ghl_webhook_max_bytes
        if size > limit:
            # Not kept: without the whole body its signature cannot be checked, so it may be anyone's.
            self.metrics.webhooks_refused.labels(source, "payload_too_large").inc()
            message = f"Webhook body of {size} bytes exceeds the {limit}-byte limit."
            raise TooLarge(message, code="payload_too_large")

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
