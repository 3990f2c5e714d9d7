"""The worker's outbox side: queued commands delivered to GHL, in order per contact, once in effect.

A row is marked 'sending' (with a lease) before its call and 'sent' after; a row found 'sending' after
its lease ran out may have reached GHL, so it is first checked against GHL (the contact's fields and
tags, or the marker its note or task carries) and not sent again when present.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.ghl import (
    CUSTOM_FIELD_KEYS,
    OUTBOX_COMMAND,
    AddNote,
    AddTags,
    AddTask,
    OutboxCommand,
    OutboxStatus,
    UpdateFields,
    marker,
)
from ghl_real_estate_ai.ghl.client import GhlClient, GhlError
from ghl_real_estate_ai.ghl.location_client import resolve_field_ids
from ghl_real_estate_ai.ghl.secrets import TokenUnreadable, unseal
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository, OutboxRepository, policy_of
from ghl_real_estate_ai.storage.ghl_tables import GhlLocationSettings, GhlOutboxItem
from ghl_real_estate_ai.storage.models import Location


@dataclass(frozen=True)
class Delivery:
    """How one attempt ended: sent, to retry, or a final status with its reason."""

    status: OutboxStatus | None  # None: retry later (or give up after the last attempt)
    error: str | None = None


SENT = Delivery(OutboxStatus.SENT)


@dataclass(frozen=True)
class Target:
    """Who a call is made for: the GHL contact, in its location, with the location's token."""

    contact_id: str
    token: str
    ghl_location_id: str


class OutboxSender:
    """Delivers outbox rows through the GHL client, in order per contact, with backoff and dead letters."""

    def __init__(
        self, settings: Settings, database: Database, client: GhlClient, clock: Clock = system_clock
    ) -> None:
        self.settings = settings
        self.database = database
        self.client = client
        self.clock = clock
        self._field_locks: dict[str, asyncio.Lock] = {}

    async def send_next(self) -> bool:
        now = self.clock()
        lease = now + timedelta(seconds=self.settings.ghl_send_lease_seconds)
        async with self.database.session() as session:
            claimed = await OutboxRepository(session).claim_due(now, lease)
            if claimed is None:
                return False
            item, uncertain = claimed
            config = await GhlSettingsRepository(session).for_location(item.location_id)
            state = await GhlSettingsRepository(session).contact_state(item.location_id, item.ghl_contact_id)
            ghl_location_id = await _ghl_location_id(session, item.location_id)
        allowed, why = policy_of(config).ai_allowed(state.tags)
        if not allowed:
            outcome = Delivery(OutboxStatus.SKIPPED, f"AI off for this contact when sending: {why}")
        elif config.access_token is None:
            outcome = Delivery(
                OutboxStatus.DEAD,
                "No GHL token stored for this location (enterprisehub locations create --ghl-token).",
            )
        else:
            outcome = await self._deliver(item, config, ghl_location_id, uncertain)
        await self._record(item.id, item.attempts, outcome)
        return True

    async def _deliver(
        self, item: GhlOutboxItem, config: GhlLocationSettings, ghl_location_id: str, uncertain: bool
    ) -> Delivery:
        try:
            token = unseal(self.settings, config.access_token or "")
            command = OUTBOX_COMMAND.validate_python({**item.payload, "kind": item.operation})
            target = Target(item.ghl_contact_id, token, ghl_location_id)
            await self._call(command, target, config, item.idempotency_key, uncertain)
        except TokenUnreadable as error:
            return Delivery(OutboxStatus.DEAD, str(error))
        except GhlError as error:
            return Delivery(None if error.retryable else OutboxStatus.DEAD, str(error))
        return SENT

    async def _call(
        self, command: OutboxCommand, to: Target, config: GhlLocationSettings, key: str, uncertain: bool
    ) -> None:
        """One GHL call; `uncertain`: an earlier attempt may have landed, so look before sending again."""
        contact, token, location = to.contact_id, to.token, to.ghl_location_id
        match command:
            case UpdateFields(fields=values):
                ids = await self._field_ids(config, token, location)
                fields = [{"id": ids[name], "field_value": value} for name, value in values.items()]
                if uncertain and await self._fields_present(to, fields):
                    return
                await self.client.update_custom_fields(contact, token, location, fields)
            case AddTags(tags=tags):
                if uncertain:
                    current = await self.client.contact(contact, token, location)
                    if {t.lower() for t in tags} <= {str(t).lower() for t in current.get("tags", [])}:
                        return
                await self.client.add_tags(contact, token, location, list(tags))
            case AddNote(body=body):
                if uncertain and _marked(key, await self.client.notes(contact, token, location)):
                    return
                await self.client.add_note(contact, token, location, f"{body}\n{marker(key)}")
            case AddTask():
                if uncertain and _marked(key, await self.client.tasks(contact, token, location)):
                    return
                await self.client.add_task(contact, token, location, _task_body(command, key))

    async def _fields_present(self, to: Target, fields: list[dict[str, Any]]) -> bool:
        current = await self.client.contact(to.contact_id, to.token, to.ghl_location_id)
        values = {str(f.get("id")): f.get("value") for f in current.get("customFields", [])}
        return all(str(values.get(f["id"])) == str(f["field_value"]) for f in fields)

    async def _field_ids(
        self, config: GhlLocationSettings, token: str, ghl_location_id: str
    ) -> dict[str, str]:
        """Custom field keys -> GHL field ids, resolved (and created when missing) once per location."""
        known = dict(config.field_ids or {})
        if all(key in known for key in CUSTOM_FIELD_KEYS):
            return known
        # One resolution per location at a time in this process: concurrent senders would create twins.
        async with self._field_locks.setdefault(config.location_id, asyncio.Lock()):
            async with self.database.session() as session:
                stored = await GhlSettingsRepository(session).for_location(config.location_id)
                known = dict(stored.field_ids or {})
            if all(key in known for key in CUSTOM_FIELD_KEYS):
                config.field_ids = known
                return known
            return await self._resolve_fields(config, token, ghl_location_id, known)

    async def _resolve_fields(
        self, config: GhlLocationSettings, token: str, ghl_location_id: str, known: dict[str, str]
    ) -> dict[str, str]:
        known = await resolve_field_ids(self.client, ghl_location_id, token, CUSTOM_FIELD_KEYS, known)
        async with self.database.session() as session:
            stored = await GhlSettingsRepository(session).for_location(config.location_id)
            stored.field_ids = known
        config.field_ids = known
        return known

    async def _record(self, item_id: int, attempts: int, outcome: Delivery) -> None:
        now = self.clock()
        async with self.database.session() as session:
            item = await OutboxRepository(session).get(item_id)
            if item is None:
                return
            item.lease_until, item.last_error = None, outcome.error
            if outcome.status is OutboxStatus.SENT:
                item.status, item.sent_at = OutboxStatus.SENT, now
            elif outcome.status is not None:
                item.status = outcome.status
            elif attempts < self.settings.ghl_outbox_max_attempts:
                item.status = OutboxStatus.PENDING
                item.next_attempt_at = now + timedelta(seconds=self._backoff(attempts))
            else:
                item.status = OutboxStatus.DEAD
                item.last_error = f"gave up after {attempts} attempts: {outcome.error}"

    def _backoff(self, attempts: int) -> float:
        ceiling = min(
            self.settings.ghl_backoff_base_seconds * 2 ** (attempts - 1),
            self.settings.ghl_backoff_max_seconds,
        )
        return random.uniform(ceiling / 2, ceiling)


def _marked(key: str, written: list[dict[str, Any]]) -> bool:
    """Whether a note or task we wrote for `key` is already in GHL."""
    return any(marker(key) in str(item.get("body", "")) for item in written)


def _task_body(task: AddTask, key: str) -> dict[str, Any]:
    """A task as GHL's API spells it, carrying our marker."""
    body: dict[str, Any] = {
        "title": task.title,
        "dueDate": task.due_at.isoformat(),
        "body": f"{task.body}\n{marker(key)}".strip(),
        "completed": False,
    }
    if task.assigned_to:
        body["assignedTo"] = task.assigned_to
    return body


async def _ghl_location_id(session: AsyncSession, location_id: str) -> str:
    location = await session.get(Location, location_id)
    return (location.ghl_location_id if location else None) or location_id
