"""Coaching latency with encryption at rest on and off (`python -m benchmarks.encryption_overhead`).

The whole coaching path in process: engine, composition and the transaction that stores conversation,
message and analysis (the columns that are encrypted), on a fresh SQLite database. "Off" is the same
code with a pass-through key ring (defined here only; the service has no way to turn encryption off).
Rounds alternate between the two, so a machine busy for a moment slows both alike. The key ring also
times its own encrypt/decrypt calls: their mean per request over the "on" p50 is the overhead measured
directly (on a busy shared machine the two whole-path distributions differ by more than that).
Result: benchmarks/results/encryption_overhead.json, with the machine and the commit.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from benchmarks.common import MODEL_CACHE, PROSPECT_MESSAGES, summarise, write
from ghl_real_estate_ai.domain.requests import CoachingRequest, ConversationContext
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine
from ghl_real_estate_ai.security.encryption import Keyring
from ghl_real_estate_ai.services.analysis_service import AnalysisService, TenantScope
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.migrate import upgrade_to_head
from ghl_real_estate_ai.storage.repositories import LocationRepository

ROUNDS = 20
PER_ROUND = 25
PII = " Reach me at jane.doe@example.com or (512) 555-0199."


class PassThrough:
    """A key ring that stores plaintext: the benchmark's 'encryption off'."""

    newest_id = "none"

    def encrypt(self, plain: bytes) -> str:
        return plain.decode("utf-8", "surrogateescape")

    def decrypt(self, stored: str) -> bytes:
        return stored.encode("utf-8", "surrogateescape")


class TimedKeyring(Keyring):
    """The real key ring, timing its own work: the encryption's cost measured directly, which a busy
    machine inflates far less than it does the difference of two whole-path distributions."""

    def __init__(self, ring_keys: list[str]) -> None:
        super().__init__(ring_keys)
        self.seconds = 0.0
        self.calls = 0

    def encrypt(self, plain: bytes) -> str:
        started = time.perf_counter()
        try:
            return super().encrypt(plain)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1

    def decrypt(self, stored: str) -> bytes:
        started = time.perf_counter()
        try:
            return super().decrypt(stored)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


async def _coach(service: AnalysisService, database: Database, location_id: str, index: int) -> float:
    request = CoachingRequest(
        agent_id="bench_agent",
        prospect_message=PROSPECT_MESSAGES[index % len(PROSPECT_MESSAGES)] + PII,
        conversation_context=ConversationContext(lead_id=f"lead_{index % 40}"),
    )
    started = time.perf_counter()
    async with database.session() as session:
        await service.real_time_coaching(TenantScope(session, location_id), request)
    return (time.perf_counter() - started) * 1000


async def measure() -> dict[str, Any]:
    engine = load_local_engine(MODEL_CACHE)
    service = AnalysisService(engine)
    latencies: dict[str, list[float]] = {"off": [], "on": []}
    with tempfile.TemporaryDirectory() as folder:
        databases: dict[str, Database] = {}
        locations: dict[str, str] = {}
        timed = TimedKeyring([Fernet.generate_key().decode()])
        for mode, keyring in (("off", PassThrough()), ("on", timed)):
            url = f"sqlite+aiosqlite:///{Path(folder) / mode}.db"
            upgrade_to_head(url)
            databases[mode] = Database(url, keyring)  # type: ignore[arg-type]
            async with databases[mode].session() as session:
                locations[mode] = (await LocationRepository(session).create(f"bench {mode}")).location.id
            for index in range(PER_ROUND):  # warm-up: models, caches, connections
                await _coach(service, databases[mode], locations[mode], index)
        timed.seconds, timed.calls = 0.0, 0  # the warm-up's work is not counted
        for round_number in range(ROUNDS):
            for mode in ("off", "on") if round_number % 2 == 0 else ("on", "off"):
                for index in range(PER_ROUND):
                    latencies[mode].append(await _coach(service, databases[mode], locations[mode], index))
        for database in databases.values():
            await database.dispose()
    off, on = summarise(latencies["off"]), summarise(latencies["on"])
    ratio = {
        key: round(float(on[key]) / float(off[key]), 3)  # type: ignore[arg-type]
        for key in ("p50_ms", "p90_ms", "p99_ms")
    }
    crypto_ms = timed.seconds * 1000 / len(latencies["on"])
    return {
        "encryption_off": off,
        "encryption_on": on,
        "on_over_off": ratio,
        "crypto": {
            "ms_per_request": round(crypto_ms, 4),
            "calls_per_request": round(timed.calls / len(latencies["on"]), 2),
            "share_of_on_p50": round(crypto_ms / float(on["p50_ms"]), 4),  # type: ignore[arg-type]
        },
        "target_ratio_max": 1.2,
    }


def main() -> None:
    path = write("encryption_overhead", asyncio.run(measure()))
    print(path.read_text())


if __name__ == "__main__":
    main()
