"""Request dependencies as Annotated aliases; tenancy is resolved here and nowhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import structlog
from fastapi import Depends, Header, Request
from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.api.state import AppState
from ghl_real_estate_ai.domain.errors import Refused, Unauthenticated
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.api_key_repository import ApiKeyRepository
from ghl_real_estate_ai.storage.models import ApiKey, Location
from ghl_real_estate_ai.storage.repositories import LocationRepository


# Dependencies are `async def` even when they do not await: FastAPI runs a plain `def` dependency in
# its thread pool, a thread hop (and a capacity-limiter wait) on every request.
async def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.enterprisehub
    return state


State = Annotated[AppState, Depends(get_state)]


async def get_session(state: State) -> AsyncIterator[AsyncSession]:
    """The request owns the transaction: commit when the endpoint returns, roll back when it raises."""
    async with state.database.session() as session:
        yield session


# scope="function": commit before the response is sent, so a 2xx always means the data is stored.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]


def _presented_key(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, credentials = authorization.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
    return None


async def current_location(
    session: DbSession,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Location:
    api_key = _presented_key(authorization, x_api_key)
    if api_key is None:
        raise Unauthenticated("Missing API key: send 'Authorization: Bearer <api_key>' or 'X-API-Key'.")
    location = await LocationRepository(session).by_api_key(api_key)
    if location is None:
        raise Unauthenticated("Unknown or revoked API key.")
    structlog.contextvars.bind_contextvars(location_id=location.id)  # on every log line from here on
    return location


CurrentLocation = Annotated[Location, Depends(current_location)]


async def current_api_key(
    session: DbSession,
    location: CurrentLocation,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> ApiKey:
    """The key row behind the caller's location: what an agent token names so revoking it ends the token."""
    api_key = _presented_key(authorization, x_api_key)
    key = await ApiKeyRepository(session).presented(api_key) if api_key is not None else None
    if key is None or key.location_id != location.id:
        raise Unauthenticated("Unknown or revoked API key.")
    return key


CurrentApiKey = Annotated[ApiKey, Depends(current_api_key)]


def ensure_same_tenant(location: Location, location_id: str | None) -> None:
    """A location_id in a body must name the caller's own location (ours or its GHL id)."""
    if location_id is not None and location_id not in (location.id, location.ghl_location_id):
        raise Refused(f"location_id '{location_id}' does not belong to this API key's location.")


async def tenant_scope(location: CurrentLocation, session: DbSession) -> TenantScope:
    """The caller's location with the request's transaction: what every tenant-scoped service takes."""
    return TenantScope(session, location.id)


Scope = Annotated[TenantScope, Depends(tenant_scope)]


async def get_analysis_service(state: State) -> AnalysisService:
    return state.analysis


async def admitted(state: State) -> AsyncIterator[None]:
    """One of the process's answer slots for this request, or 503 with Retry-After when all are taken."""
    with state.admission.slot():
        yield


# For endpoints that make an answer with the engines (coaching, objection, semantic analysis).
Admitted = Depends(admitted)


Analyzer = Annotated[AnalysisService, Depends(get_analysis_service)]
