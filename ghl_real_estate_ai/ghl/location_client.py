"""The GHL client bound to one location's token: the calls as the spec writes them.

`await ghl_client.update_contact(contact_id=..., custom_fields={"ai_score": 87, ...})` takes custom
fields by key, as a team names them, and finds (or creates) their GHL ids once per client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ghl_real_estate_ai.ghl.client import GhlClient


async def resolve_field_ids(
    client: GhlClient, ghl_location_id: str, token: str, keys: Iterable[str], known: dict[str, str]
) -> dict[str, str]:
    """Custom field keys -> GHL field ids: `known` plus the location's existing fields, creating the rest."""
    resolved = dict(known)
    wanted = [key for key in keys if key not in resolved]
    if not wanted:
        return resolved
    for field in await client.list_custom_fields(ghl_location_id, token):
        field_key = str(field.get("fieldKey", "")).removeprefix("contact.")
        if field_key in wanted:
            resolved[field_key] = str(field["id"])
    for key in wanted:
        if key not in resolved:
            resolved[key] = await client.create_custom_field(ghl_location_id, token, key)
    return resolved


class LocationClient:
    def __init__(self, client: GhlClient, token: str, ghl_location_id: str) -> None:
        self.client = client
        self.token = token
        self.ghl_location_id = ghl_location_id
        self._field_ids: dict[str, str] = {}

    async def update_contact(self, contact_id: str, custom_fields: Mapping[str, object]) -> None:
        """Write custom fields by key; a value is sent as text, as GHL stores TEXT fields."""
        self._field_ids = await resolve_field_ids(
            self.client, self.ghl_location_id, self.token, custom_fields, self._field_ids
        )
        fields = [
            {"id": self._field_ids[key], "field_value": "" if value is None else str(value)}
            for key, value in custom_fields.items()
        ]
        await self.client.update_custom_fields(contact_id, self.token, self.ghl_location_id, fields)
