"""A team's own GHL handlers, as the spec writes one: loaded by ENTERPRISEHUB_GHL_HANDLERS."""

from __future__ import annotations

from typing import Any

from ghl_real_estate_ai.ghl.events import handle_webhook

SEEN: list[dict[str, Any]] = []


@handle_webhook("contact.created")
async def remember_new_lead(contact_data: dict[str, Any]) -> None:
    SEEN.append(
        {
            "id": contact_data["id"],
            "first_name": contact_data.get("firstName"),
            "message": contact_data.get("message", ""),
            "source": contact_data.get("source", "unknown"),
        }
    )
