"""GDPR/CCPA endpoints: a contact's data exported whole, or erased everywhere (both audited, PII-free)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ghl_real_estate_ai.api.deps import CurrentApiKey, CurrentLocation, DbSession, State
from ghl_real_estate_ai.api.errors import ERROR_RESPONSES, ErrorBody
from ghl_real_estate_ai.domain.contact_export import ContactExport, ErasureReport
from ghl_real_estate_ai.domain.errors import NotFound
from ghl_real_estate_ai.domain.privacy import ContactLookup, ContactMatches
from ghl_real_estate_ai.security.lookup_hash import LookupHasher
from ghl_real_estate_ai.services.analysis_service import TenantScope
from ghl_real_estate_ai.services.contact_lookup import ContactFinder
from ghl_real_estate_ai.services.contact_privacy import ContactNotFound, ContactPrivacy

router = APIRouter(prefix="/api/v1/contacts", tags=["privacy"], responses=ERROR_RESPONSES)
ContactId = Annotated[str, Path(min_length=1, max_length=128)]
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorBody, "description": "Nothing is held about this contact in this location"}
}


@router.post("/lookup", response_model=ContactMatches)
async def look_up_contacts(
    body: ContactLookup, state: State, location: CurrentLocation, key: CurrentApiKey, session: DbSession
) -> ContactMatches:
    """The ids of this location's contacts with this email or phone (as GHL gave them), for export or
    erasure requests that name a person that way. Matched by keyed hash: neither is stored readable."""
    hasher = state.lookup or LookupHasher.from_settings(state.settings)
    return await ContactFinder(hasher).find(TenantScope(session, location.id), body, key.id)


@router.get("/{contact_id}/export", response_model=ContactExport, responses=NOT_FOUND)
async def export_contact(
    contact_id: ContactId, location: CurrentLocation, key: CurrentApiKey, session: DbSession
) -> ContactExport:
    """Everything held about the contact in the caller's location, machine-readable (right of access)."""
    try:
        return await ContactPrivacy().export(TenantScope(session, location.id), contact_id, key.id)
    except ContactNotFound as missing:
        raise NotFound(f"Nothing is held about contact '{missing}' in this location.") from missing


@router.delete("/{contact_id}", response_model=ErasureReport, responses=NOT_FOUND)
async def erase_contact(
    contact_id: ContactId, state: State, location: CurrentLocation, key: CurrentApiKey, session: DbSession
) -> ErasureReport:
    """Erase the contact from every table of the caller's location, the Claude refinement cache and the
    hub's retained events (right to erasure); audited without PII."""
    try:
        return await ContactPrivacy(state.erasure).erase(
            TenantScope(session, location.id), contact_id, key.id
        )
    except ContactNotFound as missing:
        raise NotFound(f"Nothing is held about contact '{missing}' in this location.") from missing
