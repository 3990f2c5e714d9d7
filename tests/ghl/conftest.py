"""GHL fixtures: test signing keys, the fake GHL API, an app server configured for both, and tenants."""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from ghl_real_estate_ai.ghl.secrets import seal
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import AnalysisService
from ghl_real_estate_ai.services.ghl_worker import GhlWorker
from ghl_real_estate_ai.services.ghl_worker_runner import build_worker
from ghl_real_estate_ai.settings import Settings
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.ghl_repository import GhlSettingsRepository
from ghl_real_estate_ai.storage.repositories import LocationRepository
from tests.fakes.ghl_server import FakeGhl
from tests.support.servers import serve_app

WEBHOOK = "/api/v1/ghl/webhook"


def _pem(public_key: Any) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


@dataclass(frozen=True)
class Signer:
    ed25519: ed25519.Ed25519PrivateKey
    rsa: rsa.RSAPrivateKey

    def headers(self, body: bytes, scheme: str = "ed25519") -> dict[str, str]:
        if scheme == "ed25519":
            return {"x-ghl-signature": base64.b64encode(self.ed25519.sign(body)).decode()}
        signature = self.rsa.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return {"x-wh-signature": base64.b64encode(signature).decode()}


@pytest.fixture(scope="session")
def signer() -> Signer:
    return Signer(ed25519.Ed25519PrivateKey.generate(), rsa.generate_private_key(65537, 2048))


@pytest.fixture(scope="session")
def fake_ghl() -> Iterator[FakeGhl]:
    fake = FakeGhl().start()
    yield fake
    fake.stop()


def ghl_options(signer: Signer, fake: FakeGhl) -> dict[str, Any]:
    """Settings (by environment name) for an app that trusts the test signer and talks to the fake GHL."""
    return {
        "GHL_API_BASE_URL": fake.base_url,
        "GHL_WEBHOOK_ED25519_PUBLIC_KEY": _pem(signer.ed25519.public_key()),
        "GHL_WEBHOOK_RSA_PUBLIC_KEY": _pem(signer.rsa.public_key()),
        "GHL_BACKOFF_BASE_SECONDS": 0.01,
        "GHL_BACKOFF_MAX_SECONDS": 0.05,
        "GHL_OUTBOX_MAX_ATTEMPTS": 3,
        "GHL_RATE_LIMIT_MAX": 10_000,
        "GHL_WEBHOOK_MAX_BYTES": 64 * 1024,
        "ENTERPRISEHUB_WORKER": False,  # tests drive the worker themselves
        "ENTERPRISEHUB_RATE_LIMIT_ENABLED": False,  # one client address sends every test's requests
        "ENTERPRISEHUB_WORKER_POLL_SECONDS": 0.05,
    }


def ghl_settings(database_url: str, signer: Signer, fake: FakeGhl, **overrides: Any) -> Settings:
    options = {"DATABASE_URL": database_url, "ENTERPRISEHUB_ENV": "test", **ghl_options(signer, fake)}
    return Settings(**{**options, **overrides})


@dataclass
class GhlServer:
    base_url: str
    settings: Settings


@pytest.fixture(scope="session")
def ghl_server(
    database_url: str, signer: Signer, fake_ghl: FakeGhl, local_engine: LocalEngine
) -> Iterator[GhlServer]:
    with serve_app(database_url, local_engine, **ghl_options(signer, fake_ghl)) as served:
        yield GhlServer(served.base_url, served.settings)


@pytest.fixture
async def ghl_client(ghl_server: GhlServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=ghl_server.base_url, timeout=10) as http:
        yield http


@dataclass(frozen=True)
class GhlTenant:
    location_id: str
    ghl_location_id: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


async def make_ghl_tenant(database: Database, settings: Settings, token: str, **config: Any) -> GhlTenant:
    ghl_location_id = f"ghl_{secrets.token_hex(6)}"
    async with database.session() as session:
        issued = await LocationRepository(session).create(f"GHL Realty {ghl_location_id}", ghl_location_id)
        stored = await GhlSettingsRepository(session).for_location(issued.location.id)
        stored.access_token = seal(settings, token)
        for name, value in config.items():
            setattr(stored, name, value)
    return GhlTenant(issued.location.id, ghl_location_id, issued.api_key)


@pytest.fixture
async def ghl_tenant(database: Database, ghl_server: GhlServer, fake_ghl: FakeGhl) -> GhlTenant:
    return await make_ghl_tenant(database, ghl_server.settings, fake_ghl.token)


@pytest.fixture
async def worker(ghl_server: GhlServer, local_engine: LocalEngine) -> AsyncIterator[GhlWorker]:
    built, database, client = build_worker(ghl_server.settings, AnalysisService(local_engine))
    yield built
    await client.aclose()
    await database.dispose()


@pytest.fixture(autouse=True)
def _fresh_fake(fake_ghl: FakeGhl) -> None:
    fake_ghl.reset()


def inbound_message(ghl_location_id: str, contact_id: str, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "InboundMessage",
        "locationId": ghl_location_id,
        "contactId": contact_id,
        "conversationId": f"conv_{contact_id}",
        "messageId": f"msg_{uuid.uuid4().hex[:10]}",
        "body": body,
        "direction": "inbound",
        "messageType": "SMS",
        "dateAdded": datetime.now(UTC).isoformat(),
        "webhookId": str(uuid.uuid4()),
        "timestamp": datetime.now(UTC).isoformat(),
        **extra,
    }


def contact_event(
    ghl_location_id: str, contact_id: str, tags: list[str], kind: str = "ContactUpdate"
) -> dict[str, Any]:
    return {
        "type": kind,
        "locationId": ghl_location_id,
        "id": contact_id,
        "firstName": "Sam",
        "lastName": "Lee",
        "tags": tags,
        "webhookId": str(uuid.uuid4()),
        "timestamp": datetime.now(UTC).isoformat(),
    }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload).encode()


async def settle(worker: GhlWorker, database: Database, seconds: float = 60) -> None:
    """Run the worker until no inbox event is pending and no outbox row is open (retries included)."""
    from sqlalchemy import func, select

    from ghl_real_estate_ai.storage.ghl_tables import GhlInboxEvent, GhlOutboxItem

    async with asyncio.timeout(seconds):
        while True:
            await worker.drain()
            async with database.session() as session:
                inbox = await session.execute(select(func.count()).where(GhlInboxEvent.status == "pending"))
                outbox = await session.execute(
                    select(func.count()).where(GhlOutboxItem.status.in_(("pending", "sending")))
                )
                if inbox.scalar_one() == 0 and outbox.scalar_one() == 0:
                    return
            await asyncio.sleep(0.02)


async def post_signed(client: httpx.AsyncClient, signer: Signer, payload: dict[str, Any]) -> httpx.Response:
    body = encode(payload)
    return await client.post(WEBHOOK, content=body, headers=signer.headers(body))


@dataclass
class Ghl:
    """Everything a GHL test drives, bundled: the API and its signer, one tenant, the worker, the fake GHL."""

    client: httpx.AsyncClient
    signer: Signer
    server: GhlServer
    tenant: GhlTenant
    worker: GhlWorker
    database: Database
    fake: FakeGhl

    async def post(self, payload: dict[str, Any]) -> httpx.Response:
        return await post_signed(self.client, self.signer, payload)

    async def message(self, contact_id: str, body: str, tenant: GhlTenant | None = None) -> httpx.Response:
        """A prospect's SMS to the tenant's location, signed as GHL signs it."""
        return await self.post(inbound_message((tenant or self.tenant).ghl_location_id, contact_id, body))

    async def tags(self, contact_id: str, tags: list[str], tenant: GhlTenant | None = None) -> httpx.Response:
        return await self.post(contact_event((tenant or self.tenant).ghl_location_id, contact_id, tags))

    async def new_tenant(self, token: str | None = None, **config: Any) -> GhlTenant:
        return await make_ghl_tenant(self.database, self.server.settings, token or self.fake.token, **config)

    async def read_inbox(self) -> None:
        """Process every pending event, sending nothing yet."""
        while await self.worker.pipeline.process_next():
            pass

    async def settle(self) -> None:
        await settle(self.worker, self.database)


@pytest.fixture
async def ghl(
    ghl_client: httpx.AsyncClient,
    signer: Signer,
    ghl_server: GhlServer,
    ghl_tenant: GhlTenant,
    worker: GhlWorker,
    database: Database,
    fake_ghl: FakeGhl,
) -> Ghl:
    return Ghl(ghl_client, signer, ghl_server, ghl_tenant, worker, database, fake_ghl)
