"""A location's GHL settings, workflow secret, and its inbox and outbox as operators see them."""

from __future__ import annotations

import secrets

from ghl_real_estate_ai.domain.ghl import (
    GhlSettingsUpdate,
    GhlSettingsView,
    InboxRow,
    InboxStatus,
    OutboxRow,
    OutboxStatus,
    WorkflowSecret,
)
from ghl_real_estate_ai.ghl.secrets import seal
from ghl_real_estate_ai.services.scope import TenantScope
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage import audit_chain
from ghl_real_estate_ai.storage.ghl_repository import (
    GhlSettingsRepository,
    InboxRepository,
    OutboxRepository,
    hash_secret,
)
from ghl_real_estate_ai.storage.ghl_tables import GhlLocationSettings


class GhlSettingsService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def update(self, scope: TenantScope, update: GhlSettingsUpdate) -> GhlSettingsView:
        """Change what the update names; the token is stored sealed and never shown back."""
        stored = await GhlSettingsRepository(scope.session).for_location(scope.location_id)
        changed = sorted(name for name, value in update.model_dump().items() if value is not None)
        await audit_chain.append(
            scope.session, "settings.change", "api", scope.location_id, details={"fields": changed}
        )
        if update.access_token is not None:
            stored.access_token = seal(self.settings, update.access_token)
        if update.activation_tags is not None:
            stored.activation_tags = update.activation_tags
        if update.deactivation_tags is not None:
            stored.deactivation_tags = update.deactivation_tags
        if update.hot_lead_tag is not None:
            stored.hot_lead_tag = update.hot_lead_tag
        if update.hot_lead_threshold is not None:
            stored.hot_lead_threshold = update.hot_lead_threshold
        return _view(stored)

    async def rotate_workflow_secret(self, scope: TenantScope) -> WorkflowSecret:
        """A new secret for the location's workflow webhooks; shown once, stored hashed."""
        await audit_chain.append(scope.session, "key.workflow_secret", "api", scope.location_id)
        secret = "whs_" + secrets.token_urlsafe(32)
        stored = await GhlSettingsRepository(scope.session).for_location(scope.location_id)
        stored.workflow_secret_hash = hash_secret(secret)
        return WorkflowSecret(workflow_secret=secret)

    async def outbox(self, scope: TenantScope, status: OutboxStatus | None, limit: int) -> list[OutboxRow]:
        rows = await OutboxRepository(scope.session).listing(scope.location_id, status, limit)
        return [
            OutboxRow(
                id=row.id,
                idempotency_key=row.idempotency_key,
                contact_id=row.ghl_contact_id,
                operation=row.operation,
                status=OutboxStatus(row.status),
                attempts=row.attempts,
                next_attempt_at=row.next_attempt_at,
                last_error=row.last_error,
                sent_at=row.sent_at,
            )
            for row in rows
        ]

    async def inbox(self, scope: TenantScope, status: InboxStatus | None, limit: int) -> list[InboxRow]:
        rows = await InboxRepository(scope.session).listing(scope.location_id, status, limit)
        return [
            InboxRow(
                id=row.id,
                webhook_id=row.webhook_id,
                event_type=row.event_type,
                status=InboxStatus(row.status),
                attempts=row.attempts,
                last_error=row.last_error,
                received_at=row.received_at,
                processed_at=row.processed_at,
            )
            for row in rows
        ]


def _view(stored: GhlLocationSettings) -> GhlSettingsView:
    return GhlSettingsView(
        has_access_token=stored.access_token is not None,
        activation_tags=stored.activation_tags,
        deactivation_tags=stored.deactivation_tags,
        hot_lead_tag=stored.hot_lead_tag,
        hot_lead_threshold=stored.hot_lead_threshold,
    )
