"""What every benchmark shares: where results go, the machine they ran on, the CLI and a ready server."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from ghl_real_estate_ai.observability.percentile import percentile

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT.parent / "shared" / "data" / "conversations"
MODEL_CACHE = str(ROOT / "var" / "models")

PROSPECT_MESSAGES = [
    "I'm not sure if I can afford this right now...",
    "We're looking for a 3 bedroom house with a yard for our kids",
    "Is the price negotiable? It seems high for the area",
    "My husband needs to see it before we decide",
    "Buscamos una casa de tres recámaras, máximo 300 mil",
    "We need to move within 2 weeks, lease is ending",
]


def commit() -> str:
    """The commit measured, with "+dirty" when the work tree has uncommitted changes."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    )
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def machine() -> dict[str, Any]:
    return {
        "commit": commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def summarise(latencies_ms: list[float]) -> dict[str, float | int | None]:
    return {
        "count": len(latencies_ms),
        "p50_ms": round_ms(percentile(latencies_ms, 50)),
        "p90_ms": round_ms(percentile(latencies_ms, 90)),
        "p99_ms": round_ms(percentile(latencies_ms, 99)),
        "max_ms": round_ms(max(latencies_ms) if latencies_ms else None),
    }


def round_ms(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [sys.executable, "-m", "ghl_real_estate_ai.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


# Several workers loading their models at once on 2 shared cores can take more than a minute.
READY_SECONDS = float(os.environ.get("BENCH_READY_SECONDS", "180"))


async def wait_ready(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        try:
            if (await client.get("/api/v1/ping")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("server did not become ready")


def write(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **payload}, indent=2) + "\n")
    return path
