"""GHL endpoints: signed marketplace webhooks, secret-authenticated workflow webhooks, and the outbox view.

Webhook bodies are read raw (signatures cover the exact bytes), with their own size limit so an
oversized body can be kept for inspection instead of being dropped by the global middleware.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ghl_real_estate_ai.api.deps import Scope, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.domain.ghl import (
    GhlSettingsUpdate,
    GhlSettingsView,
    InboxRow,
    InboxStatus,
    OutboxRow,
    OutboxStatus,
    WorkflowSecret,
)
from ghl_real_estate_ai.services.ghl_settings_service import GhlSettingsService
from ghl_real_estate_ai.services.ghl_webhooks import Accepted, WebhookInbox

router = APIRouter(prefix="/api/v1/ghl", tags=["ghl"])
SELF_LIMITED = ("/api/v1/ghl/webhook", "/api/v1/ghl/workflow-webhook/")


class WebhookAck(BaseModel):
    status: Literal["accepted", "duplicate"]
    webhook_id: str


async def get_ghl_settings(state: State) -> GhlSettingsService:
    return GhlSettingsService(state.settings)


GhlSettings = Annotated[GhlSettingsService, Depends(get_ghl_settings)]


async def _read_body(request: Request, limit: int) -> tuple[bytes, int]:
    """At most limit+1 bytes of the body, and its size (declared size when we stopped early)."""
    kept = bytearray()
    async for chunk in request.stream():
        kept.extend(chunk)
        if len(kept) > limit:
            declared = request.headers.get("content-length", "")
            return bytes(kept), max(len(kept), int(declared) if declared.isdigit() else 0)
    return bytes(kept), len(kept)


def _ack(accepted: Accepted) -> JSONResponse:
    # Built directly (no response-model pass): webhook acknowledgements are the hottest path.
    status = "duplicate" if accepted.duplicate else "accepted"
    return JSONResponse({"status": status, "webhook_id": accepted.webhook_id})


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
    return _ack(
        await receiver.marketplace(body, size, headers.get("x-ghl-signature"), headers.get("x-wh-signature"))
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
    return _ack(await receiver.workflow(location_id, request.headers.get("x-webhook-secret"), body, size))


@router.get("/outbox", response_model=list[OutboxRow], responses=ERROR_RESPONSES)
async def outbox(
    scope: Scope,
    service: GhlSettings,
    status: Annotated[OutboxStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OutboxRow]:
    """The location's queued GHL calls (`status=dead`: the ones that will not be sent)."""
    return await service.outbox(scope, status, limit)


@router.get("/inbox", response_model=list[InboxRow], responses=ERROR_RESPONSES)
async def inbox(
    scope: Scope,
    service: GhlSettings,
    status: Annotated[InboxStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[InboxRow]:
    """The location's stored deliveries (`status=dead`: the ones that can never be processed, with why)."""
    return await service.inbox(scope, status, limit)


@router.put("/settings", response_model=GhlSettingsView, responses=ERROR_RESPONSES)
async def update_settings(update: GhlSettingsUpdate, scope: Scope, service: GhlSettings) -> GhlSettingsView:
    return await service.update(scope, update)


@router.post("/workflow-secret", response_model=WorkflowSecret, responses=ERROR_RESPONSES)
async def rotate_workflow_secret(scope: Scope, service: GhlSettings) -> WorkflowSecret:
    """A new secret for this location's workflow webhooks; shown once, stored hashed."""
    return await service.rotate_workflow_secret(scope)
