"""Typed GHL webhook events, keyed off `type`, and the spec's `@handle_webhook("contact.created")` registry.

Unknown types are not errors: they are stored and acknowledged (GHL adds types over time).
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, ItemsView, Iterable, KeysView, ValuesView
from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator


class GhlModel(BaseModel):
    """A GHL payload, typed; it also answers mapping access (`event["id"]`, `event.get("message", "")`)
    by field name or by GHL's own key, as the spec's handlers read their `contact_data: dict`."""

    # GHL adds fields without notice: keep them (extra="allow") rather than fail.
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    def _field_for(self, key: str) -> str | None:
        fields = type(self).model_fields
        if key in fields:
            return key
        return next((name for name, info in fields.items() if info.alias == key), None)

    def __getitem__(self, key: str) -> Any:
        name = self._field_for(key)
        if name is not None:
            return getattr(self, name)
        extra = self.model_extra or {}
        if key in extra:
            return extra[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self._field_for(key) is not None or key in (self.model_extra or {}))

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    # keys/items/values read the payload with GHL's own keys, so `dict(event)` and code written for the
    # webhook's dict (`contact_data.items()`) see what GHL sent.
    def _payload(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)

    def keys(self) -> KeysView[str]:
        return self._payload().keys()

    def items(self) -> ItemsView[str, Any]:
        return self._payload().items()

    def values(self) -> ValuesView[Any]:
        return self._payload().values()


class Envelope(GhlModel):
    """What every marketplace delivery must carry for us to verify and de-duplicate it."""

    type: str = Field(min_length=1, max_length=64)
    webhook_id: str = Field(alias="webhookId", min_length=1, max_length=160)
    timestamp: datetime
    location_id: str | None = Field(default=None, alias="locationId", max_length=64)


class CustomFieldValue(GhlModel):
    id: str
    value: Any = None


class ContactEvent(GhlModel):
    # A postal code or a company name may arrive as a JSON number: kept as the text it is.
    model_config = ConfigDict(coerce_numbers_to_str=True)

    type: str
    location_id: str = Field(alias="locationId")
    id: str
    first_name: str | None = Field(default=None, alias="firstName")
    last_name: str | None = Field(default=None, alias="lastName")
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    tags: list[str] = Field(default_factory=list)
    source: str | None = None
    date_added: datetime | None = Field(default=None, alias="dateAdded")
    dnd: bool | None = None
    assigned_to: str | None = Field(default=None, alias="assignedTo")
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postal_code: str | None = Field(default=None, alias="postalCode")
    company_name: str | None = Field(default=None, alias="companyName")
    website: str | None = None
    custom_fields: list[CustomFieldValue] = Field(default_factory=list, alias="customFields")


class ContactCreate(ContactEvent):
    type: Literal["ContactCreate"] = "ContactCreate"


class ContactUpdate(ContactEvent):
    type: Literal["ContactUpdate"] = "ContactUpdate"


class ContactTagUpdate(ContactEvent):
    type: Literal["ContactTagUpdate"] = "ContactTagUpdate"


class ContactDelete(ContactEvent):
    type: Literal["ContactDelete"] = "ContactDelete"


class MessageEvent(GhlModel):
    type: str
    location_id: str = Field(alias="locationId")
    contact_id: str = Field(alias="contactId")
    conversation_id: str | None = Field(default=None, alias="conversationId")
    message_id: str | None = Field(default=None, alias="messageId")
    body: str = ""
    content_type: str | None = Field(default=None, alias="contentType")
    direction: str | None = None
    message_type: str | None = Field(default=None, alias="messageType")
    status: str | None = None
    date_added: datetime | None = Field(default=None, alias="dateAdded")
    user_id: str | None = Field(default=None, alias="userId")

    @field_validator("body", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return "" if value is None else value


class InboundMessage(MessageEvent):
    type: Literal["InboundMessage"] = "InboundMessage"


class OutboundMessage(MessageEvent):
    type: Literal["OutboundMessage"] = "OutboundMessage"


class OpportunityEvent(GhlModel):
    type: str
    location_id: str = Field(alias="locationId")
    id: str
    contact_id: str | None = Field(default=None, alias="contactId")
    assigned_to: str | None = Field(default=None, alias="assignedTo")
    monetary_value: float | None = Field(default=None, alias="monetaryValue")
    name: str | None = None
    pipeline_id: str | None = Field(default=None, alias="pipelineId")
    pipeline_stage_id: str | None = Field(default=None, alias="pipelineStageId")
    status: str | None = None
    source: str | None = None
    date_added: datetime | None = Field(default=None, alias="dateAdded")


class OpportunityCreate(OpportunityEvent):
    type: Literal["OpportunityCreate"] = "OpportunityCreate"


class OpportunityStatusUpdate(OpportunityEvent):
    """The opportunity moved to open, won, lost or abandoned: the outcome a location's models learn from."""

    type: Literal["OpportunityStatusUpdate"] = "OpportunityStatusUpdate"
    # When GHL sent the change (the envelope's); `dateAdded` is when the opportunity was created.
    timestamp: datetime | None = None


class AppInstall(GhlModel):
    type: Literal["INSTALL"] = "INSTALL"
    location_id: str | None = Field(default=None, alias="locationId")
    company_id: str | None = Field(default=None, alias="companyId")


class AppUninstall(GhlModel):
    type: Literal["UNINSTALL"] = "UNINSTALL"
    location_id: str | None = Field(default=None, alias="locationId")
    company_id: str | None = Field(default=None, alias="companyId")


class UnknownEvent(GhlModel):
    """A type we do not model (yet): stored and acknowledged, then marked ignored by the worker."""

    type: str


class WorkflowLocation(GhlModel):
    id: str


class WorkflowInfo(GhlModel):
    id: str | None = None
    name: str | None = None


class WorkflowWebhook(GhlModel):
    """A workflow "Webhook" action: snake_case, unsigned, `tags` as one comma-separated string."""

    contact_id: str = Field(min_length=1, max_length=128)
    first_name: str | None = None
    last_name: str | None = None
    full_name: str | None = None
    tags: str | list[str] | None = None
    location: WorkflowLocation | None = None
    workflow: WorkflowInfo | None = None
    message: str | None = Field(default=None, validation_alias=AliasChoices("message", "body"))

    @property
    def tag_list(self) -> list[str]:
        if self.tags is None:
            return []
        raw = self.tags.split(",") if isinstance(self.tags, str) else self.tags
        return [tag.strip() for tag in raw if tag.strip()]


GhlEvent = (
    ContactCreate
    | ContactUpdate
    | ContactTagUpdate
    | ContactDelete
    | InboundMessage
    | OutboundMessage
    | OpportunityCreate
    | OpportunityStatusUpdate
    | AppInstall
    | AppUninstall
    | UnknownEvent
)

EVENT_TYPES: dict[str, type[GhlModel]] = {
    "ContactCreate": ContactCreate,
    "ContactUpdate": ContactUpdate,
    "ContactTagUpdate": ContactTagUpdate,
    "ContactDelete": ContactDelete,
    "InboundMessage": InboundMessage,
    "OutboundMessage": OutboundMessage,
    "OpportunityCreate": OpportunityCreate,
    "OpportunityStatusUpdate": OpportunityStatusUpdate,
    "INSTALL": AppInstall,
    "UNINSTALL": AppUninstall,
}

# The spec names events in dotted lower case; GHL's `type` is CamelCase.
SPEC_NAMES: dict[str, str] = {
    "contact.created": "ContactCreate",
    "contact.updated": "ContactUpdate",
    "contact.tag_updated": "ContactTagUpdate",
    "contact.deleted": "ContactDelete",
    "message.inbound": "InboundMessage",
    "message.outbound": "OutboundMessage",
    "opportunity.created": "OpportunityCreate",
    "opportunity.status_updated": "OpportunityStatusUpdate",
    "app.installed": "INSTALL",
    "app.uninstalled": "UNINSTALL",
}


def parse_event(payload: dict[str, Any]) -> GhlModel:
    """The typed event for a payload; UnknownEvent for a type we do not model. Raises ValidationError."""
    model = EVENT_TYPES.get(str(payload.get("type", "")), UnknownEvent)
    return model.model_validate(payload)


Handler = Callable[..., Awaitable[Any]]
H = TypeVar("H", bound=Handler)
_HANDLERS: dict[str, list[Handler]] = {}


def handle_webhook(name: str) -> Callable[[H], H]:
    """Register a handler for a spec event name ("contact.created") or a GHL type ("ContactCreate")."""
    ghl_type = SPEC_NAMES.get(name, name)
    if ghl_type not in EVENT_TYPES:
        raise ValueError(f"unknown GHL webhook event '{name}'")

    def register(handler: H) -> H:
        _HANDLERS.setdefault(ghl_type, []).append(handler)
        return handler

    return register


def handlers_for(ghl_type: str) -> list[Handler]:
    return list(_HANDLERS.get(ghl_type, []))


def load_handler_modules(modules: Iterable[str]) -> None:
    """Import the modules that register a team's own handlers (ENTERPRISEHUB_GHL_HANDLERS)."""
    for module in modules:
        importlib.import_module(module)


__all__ = ["EVENT_TYPES", "SPEC_NAMES", "Envelope", "GhlEvent", "ValidationError", "parse_event"]
