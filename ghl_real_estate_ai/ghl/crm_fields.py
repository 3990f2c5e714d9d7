"""The contact's CRM fields a trained lead model can read, as GHL's contact events carry them.

Kept, as the text a CRM export would hold: the fields that describe the lead rather than name it, under
GHL's own keys (`source`, `city`, `state`, `country`, `postalCode`, `companyName`, `website`, `dnd`), and
its custom fields under their GHL field ids (a webhook names a custom field by id only).

Never kept: name, email, phone and street address (they identify a person, and a model must not learn
from them; email and phone live on as keyed hashes for look-up only), tags (kept apart for AI gating, and
mostly set after contact, so the trainer's leak guard refuses them), and the custom fields we write back
ourselves (`ai_score` and the rest): stored, they would feed the score back into itself.

A contact event is a full or partial picture: a field it carries replaces what was kept (an empty or
null value clears it); a field it does not carry is left as it was.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ghl_real_estate_ai.ghl.events import ContactEvent

# Attribute on the event -> the key it is kept (and looked up by a model's column) under.
STANDARD_FIELDS = {
    "source": "source",
    "city": "city",
    "state": "state",
    "country": "country",
    "postal_code": "postalCode",
    "company_name": "companyName",
    "website": "website",
    "dnd": "dnd",
}

CrmFields = dict[str, str]
# Key -> its new text, or None when the event clears it.
FieldChanges = dict[str, str | None]


def field_changes(event: ContactEvent, own_field_ids: Collection[str]) -> FieldChanges:
    """What this event says about the kept fields; the fields it does not carry are absent."""
    changes: FieldChanges = {
        key: _text(getattr(event, name))
        for name, key in STANDARD_FIELDS.items()
        if name in event.model_fields_set
    }
    for custom in event.custom_fields:
        if custom.id not in own_field_ids:
            changes[custom.id] = _text(custom.value)
    return changes


def merged(kept: Mapping[str, str], changes: FieldChanges) -> CrmFields:
    fields = dict(kept)
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


def _text(value: object) -> str | None:
    """A scalar as an export's cell ("Yes"/"No" for booleans, as `contact_fields` reads them); a
    multi-select's values joined; anything else (an object, an empty value) is not kept."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value) or None
    return None
