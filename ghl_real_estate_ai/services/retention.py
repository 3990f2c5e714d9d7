"""Per-location retention: what each location keeps, and the purge the worker runs on a schedule.

A location's `retention_days` wins; ENTERPRISEHUB_RETENTION_DAYS is the default for the others; with
neither, the location keeps its data until it is erased. Each location is purged in its own short
transaction (SQLite's one write lock is held briefly), and each purge that deleted anything writes an
audit row with the days and the counts: never a contact, a message or an id of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.domain.errors import NotFound
from ghl_real_estate_ai.domain.privacy import RetentionPolicy
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Location
from ghl_real_estate_ai.storage.retention_repository import locations_with_retention, purge_before


@dataclass(frozen=True)
class LocationPurge:
    location_id: str
    days: int
    deleted: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.deleted.values())


class RetentionPurge:
    def __init__(self, settings: Settings, database: Database, clock: Clock = system_clock) -> None:
        self.default_days = settings.retention_default_days
        self.database = database
        self.clock = clock

    async def purge(self) -> list[LocationPurge]:
        """One pass over every location with a retention; what each pass deleted."""
        async with self.database.session() as session:
            locations = await locations_with_retention(session)
        done = []
        for location_id, ghl_location_id, own_days in locations:
            days = own_days or self.default_days
            if days is None:
                continue
            async with self.database.session() as session:
                deleted = await purge_before(
                    session, location_id, ghl_location_id, self.clock() - timedelta(days=days)
                )
                purged = LocationPurge(location_id, days, deleted)
                if purged.total:
                    await audit_chain.append(
                        session, "retention.purge", "system", location_id, details={"days": days, **deleted}
                    )
            done.append(purged)
        return done


class RetentionSettings:
    """The location's own retention, read and set through the API (a settings change: audited)."""

    def __init__(self, settings: Settings) -> None:
        self.default_days = settings.retention_default_days

    async def read(self, scope: TenantScope) -> RetentionPolicy:
        location = await _location(scope.session, scope.location_id)
        return self._policy(location)

    async def set(self, scope: TenantScope, days: int | None, actor: str) -> RetentionPolicy:
        location = await _location(scope.session, scope.location_id)
        location.retention_days = days
        await audit_chain.append(
            scope.session,
            "settings.change",
            actor,
            scope.location_id,
            details={"fields": ["retention_days"], "retention_days": days},
        )
        return self._policy(location)

    def _policy(self, location: Location) -> RetentionPolicy:
        return RetentionPolicy(
            retention_days=location.retention_days,
            default_days=self.default_days,
            effective_days=location.retention_days or self.default_days,
        )


async def _location(session: AsyncSession, location_id: str) -> Location:
    location = await session.get(Location, location_id)
    if location is None:
        raise NotFound("no such location")
    return location
