"""A location's alert thresholds: the service defaults with the location's own overrides on top."""

from __future__ import annotations

from ghl_real_estate_ai.domain.alerts import AlertThresholds, AlertThresholdsUpdate
from ghl_real_estate_ai.services.alert_sources import overrides_of
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.storage.alert_tables import AlertThresholdRecord, AlertThresholdRepository


class AlertThresholdSettings:
    def __init__(self, defaults: AlertThresholds) -> None:
        self.defaults = defaults

    async def effective(self, scope: TenantScope) -> AlertThresholds:
        record = await AlertThresholdRepository(scope.session).for_location(scope.location_id)
        return overrides_of(record).over(self.defaults) if record else self.defaults

    async def replace(self, scope: TenantScope, update: AlertThresholdsUpdate) -> AlertThresholds:
        """The location's overrides become exactly `update` (null: the default); the monitor reads
        them at its next tick."""
        await AlertThresholdRepository(scope.session).put(
            AlertThresholdRecord(location_id=scope.location_id, **update.model_dump())
        )
        return update.over(self.defaults)
