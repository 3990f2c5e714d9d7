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


def commit(checkout: Path = ROOT) -> str:
    """The commit measured, with "+dirty" when the work tree has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=checkout, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "unknown (not a git checkout)"
    return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


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


def cli(*args: str, env: dict[str, str], cwd: Path | None = None) -> str:
    """The CLI of the package first on the path; `cwd` a checkout to run (`-m` puts cwd before PYTHONPATH)."""
    return subprocess.run(
        [sys.executable, "-m", "ghl_real_estate_ai.cli", *args],
        env=env,
        cwd=cwd,
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


def process_tree(pid: int) -> list[int]:
    """A server process and its direct children (uvicorn's workers, the GHL worker), from /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid, *(int(child) for child in children)]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def tree_cpu_seconds(pid: int) -> float:
    return sum(cpu_seconds(member) for member in process_tree(pid))
