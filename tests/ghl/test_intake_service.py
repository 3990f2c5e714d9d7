"""WebhookInbox: when it cannot take a delivery now it says so (429 upstream), so GHL retries."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime

import pytest

from ghl_real_estate_ai.services.ghl_intake_commit import TryLater
from ghl_real_estate_ai.services.ghl_webhooks import WebhookInbox
from ghl_real_estate_ai.storage.database import Database
from tests.fakes.ghl_server import FakeGhl
from tests.ghl.conftest import Signer, ghl_settings


def _signed(signer: Signer) -> tuple[bytes, str]:
    body = json.dumps(
        {
            "type": "ContactCreate",
            "id": "c",
            "locationId": "l",
            "webhookId": str(uuid.uuid4()),
            "timestamp": datetime.now(UTC).isoformat(),
        }
    ).encode()
    return body, base64.b64encode(signer.ed25519.sign(body)).decode()


class TestTryLater:
    async def test_a_backlog_over_the_limit_asks_ghl_to_retry(
        self, database_url: str, database: Database, signer: Signer, fake_ghl: FakeGhl
    ) -> None:
        inbox = WebhookInbox(
            ghl_settings(database_url, signer, fake_ghl, GHL_INBOX_BACKLOG_LIMIT=0), database
        )
        body, signature = _signed(signer)
        with pytest.raises(TryLater, match="backlog"):
            await inbox.marketplace(body, len(body), signature, None)

    async def test_an_unreachable_database_asks_ghl_to_retry(self, signer: Signer, fake_ghl: FakeGhl) -> None:
        url = "postgresql+asyncpg://postgres@127.0.0.1:1/none"
        unreachable = Database(url)
        inbox = WebhookInbox(ghl_settings(url, signer, fake_ghl), unreachable)
        body, signature = _signed(signer)
        try:
            with pytest.raises(TryLater):
                await inbox.marketplace(body, len(body), signature, None)
        finally:
            await unreachable.dispose()
