"""GHL endpoints: signed marketplace webhooks, secret-authenticated workflow webhooks, and the outbox view.

Webhook bodies are read raw (signatures cover the exact bytes), with their own size limit so an
oversized body can be kept for inspection instead of being dropped by the global middleware.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ghl_real_estate_ai.api.deps import CurrentApiKey, CurrentLocation, DbSession, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.ghl.secrets import seal
from ghl_real_estate_ai.services.ghl_webhooks import Accepted, TryLater, WebhookInbox, WebhookRefused
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository, OutboxRepository, hash_secret

router = APIRouter(prefix="/api/v1/ghl", tags=["ghl"])
RETRY_AFTER_SECONDS = "10"
SELF_LIMITED = ("/api/v1/ghl/webhook", "/api/v1/ghl/workflow-webhook/")


class WebhookAck(BaseModel):
    status: Literal["accepted", "duplicate"]
    webhook_id: str


class OutboxRow(BaseModel):
    id: int
    idempotency_key: str
    contact_id: str
    operation: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


class GhlSettingsUpdate(BaseModel):
    access_token: str | None = Field(default=None, min_length=1, max_length=4000)
    activation_tags: list[str] | None = Field(default=None, max_length=50)
    deactivation_tags: list[str] | None = Field(default=None, max_length=50)
    hot_lead_tag: str | None = Field(default=None, min_length=1, max_length=64)
    hot_lead_threshold: int | None = Field(default=None, ge=0, le=100)


class GhlSettingsView(BaseModel):
    has_access_token: bool
    activation_tags: list[str]
    deactivation_tags: list[str]
    hot_lead_tag: str
    hot_lead_threshold: int


class WorkflowSecret(BaseModel):
    workflow_secret: str
    header: str = "X-Webhook-Secret"


async def _read_body(request: Request, limit: int) -> tuple[bytes, int]:
    """At most limit+1 bytes of the body, and its size (declared size when we stopped early)."""
    kept = bytearray()
    async for chunk in request.stream():
        kept.extend(chunk)
        if len(kept) > limit:
            declared = request.headers.get("content-length", "")
            return bytes(kept), max(len(kept), int(declared) if declared.isdigit() else 0)
    return bytes(kept), len(kept)


async def _answer(receive: object) -> JSONResponse:
    try:
        accepted: Accepted = await receive  # type: ignore[misc]
    except WebhookRefused as refused:
        body = ErrorBody(error=refused.code, message=refused.message)
        return JSONResponse(body.model_dump(exclude_none=True), status_code=refused.status)
    except TryLater as later:
        body = ErrorBody(error="try_later", message=f"Cannot take the event now ({later}); retry later.")
        return JSONResponse(
            body.model_dump(exclude_none=True), status_code=429, headers={"Retry-After": RETRY_AFTER_SECONDS}
        )
    ack = WebhookAck(status="duplicate" if accepted.duplicate else "accepted", webhook_id=accepted.webhook_id)
    return JSONResponse(ack.model_dump(), status_code=200)


WEBHOOK_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"model": WebhookAck, "description": "Stored durably (or already stored: a replay)"},
    400: {"model": ErrorBody, "description": "Body is not JSON (kept for inspection)"},
    401: {"model": ErrorBody, "description": "Bad signature/secret or stale timestamp"},
    413: {"model": ErrorBody, "description": "Body too large (its beginning is kept)"},
    422: {"model": ErrorBody, "description": "Not a GHL event (kept for inspection)"},
    429: {"model": ErrorBody, "description": "Cannot take the event now: GHL retries"},
}


def _header(name: str, description: str) -> dict[str, object]:
    return {
        "name": name,
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": description,
    }


# The webhook endpoints are the hot path: they read the app state and headers from the request itself
# (no dependency resolution per delivery); the headers are documented here instead.
MARKETPLACE_HEADERS = {
    "parameters": [
        _header("x-ghl-signature", "Ed25519 signature of the raw body (base64)"),
        _header("x-wh-signature", "Legacy RSA-SHA256 signature, checked only without x-ghl-signature"),
    ]
}
WORKFLOW_HEADERS = {"parameters": [_header("x-webhook-secret", "The location's workflow secret")]}


def _inbox_of(request: Request) -> tuple[WebhookInbox, int]:
    state: AppState = request.app.state.enterprisehub
    assert state.ghl_inbox is not None
    return state.ghl_inbox, state.settings.ghl_webhook_max_bytes


@router.post(
    "/webhook", response_model=WebhookAck, responses=WEBHOOK_RESPONSES, openapi_extra=MARKETPLACE_HEADERS
)
async def marketplace_webhook(request: Request) -> JSONResponse:
    receiver, limit = _inbox_of(request)
    body, size = await _read_body(request, limit)
    headers = request.headers
    return await _answer(
        receiver.marketplace(body, size, headers.get("x-ghl-signature"), headers.get("x-wh-signature"))
    )


@router.post(
    "/workflow-webhook/{location_id}",
    response_model=WebhookAck,
    responses=WEBHOOK_RESPONSES,
    openapi_extra=WORKFLOW_HEADERS,
)
async def workflow_webhook(location_id: str, request: Request) -> JSONResponse:
    receiver, limit = _inbox_of(request)
    body, size = await _read_body(request, limit)
    return await _answer(receiver.workflow(location_id, request.headers.get("x-webhook-secret"), body, size))


@router.get("/outbox", response_model=list[OutboxRow], responses=ERROR_RESPONSES)
async def outbox(
    location: CurrentLocation,
    session: DbSession,
    status: Annotated[Literal["pending", "sending", "sent", "dead", "skipped"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxRow]:
    rows = await OutboxRepository(session).listing(location.id, status, limit)
    return [
        OutboxRow(
            id=row.id,
            idempotency_key=row.idempotency_key,
            contact_id=row.ghl_contact_id,
            operation=row.operation,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=row.last_error,
            sent_at=row.sent_at,
        )
        for row in rows
    ]


@router.put("/settings", response_model=GhlSettingsView, responses=ERROR_RESPONSES)
async def update_settings(
    update: GhlSettingsUpdate, location: CurrentLocation, key: CurrentApiKey, session: DbSession, state: State
) -> GhlSettingsView:
    stored = await GhlSettingsRepository(session).for_location(location.id)
    changed = sorted(name for name, value in update.model_dump().items() if value is not None)
    await audit_chain.append(session, "settings.change", key.id, location.id, details={"fields": changed})
    if update.access_token is not None:
        stored.access_token = seal(state.settings, update.access_token)
    for name in ("activation_tags", "deactivation_tags", "hot_lead_tag", "hot_lead_threshold"):
        value = getattr(update, name)
        if value is not None:
            setattr(stored, name, value)
    return GhlSettingsView(
        has_access_token=stored.access_token is not None,
        activation_tags=stored.activation_tags,
        deactivation_tags=stored.deactivation_tags,
        hot_lead_tag=stored.hot_lead_tag,
        hot_lead_threshold=stored.hot_lead_threshold,
    )


@router.post("/workflow-secret", response_model=WorkflowSecret, responses=ERROR_RESPONSES)
async def rotate_workflow_secret(
    location: CurrentLocation, key: CurrentApiKey, session: DbSession
) -> WorkflowSecret:
    """A new secret for this location's workflow webhooks; shown once, stored hashed."""
    await audit_chain.append(session, "key.workflow_secret", key.id, location.id)
    secret = "whs_" + secrets.token_urlsafe(32)
    stored = await GhlSettingsRepository(session).for_location(location.id)
    stored.workflow_secret_hash = hash_secret(secret)
    return WorkflowSecret(workflow_secret=secret)
