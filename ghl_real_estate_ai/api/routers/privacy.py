"""A location's privacy settings: how long its conversations are kept (the worker purges older ones)."""

from __future__ import annotations

from fastapi import APIRouter

from ghl_real_estate_ai.api.deps import CurrentApiKey, Scope, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES
from ghl_real_estate_ai.domain.privacy import RetentionPolicy, RetentionUpdate
from ghl_real_estate_ai.services.retention import RetentionSettings

router = APIRouter(prefix="/api/v1/privacy", tags=["privacy"], responses=ERROR_RESPONSES)


@router.get("/retention", response_model=RetentionPolicy)
async def read_retention(scope: Scope, state: State) -> RetentionPolicy:
    """This location's retention, the service's default, and the one in force."""
    return await RetentionSettings(state.settings).read(scope)


@router.put("/retention", response_model=RetentionPolicy)
async def set_retention(
    body: RetentionUpdate, scope: Scope, state: State, key: CurrentApiKey
) -> RetentionPolicy:
    """Keep messages, analyses, qualification answers and GHL payloads this many days (null: the
    default). Older ones go at the worker's next purge; the change is audited."""
    return await RetentionSettings(state.settings).set(scope, body.retention_days, key.id)
