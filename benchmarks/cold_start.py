"""Cold start: a fresh `enterprisehub serve` in an empty directory, timed until it answers coaching.

Nothing is cached beforehand (the model cache points into the empty directory), so this is what a new
install pays. Writes benchmarks/results/cold_start.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.common import cli, free_port, write

RUNS = 3


async def _first_answer(base_url: str, api_key: str, started: float) -> dict[str, float]:
    ready = answered = None
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        while answered is None:
            try:
                if ready is None and (await client.get("/api/v1/ping")).status_code == 200:
                    ready = time.perf_counter() - started
                if ready is not None:
                    response = await client.post(
                        "/api/v1/claude/coaching/real-time",
                        json={"agent_id": "agent_cold", "prospect_message": "Is the price negotiable?"},
                        headers={"Authorization": f"Bearer {api_key}"},
                    )
                    if response.status_code == 200:
                        answered = time.perf_counter() - started
            except httpx.TransportError:
                await asyncio.sleep(0.05)
            if time.perf_counter() - started > 300:
                raise RuntimeError("the server did not answer within 300 s")
    return {"ready_s": round(ready or 0.0, 2), "first_answer_s": round(answered, 2)}


def one_run() -> dict[str, float | bool]:
    with tempfile.TemporaryDirectory() as empty:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{empty}/enterprisehub.db",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": f"{empty}/models",
        }
        cli("migrate", env=env)
        api_key = json.loads(cli("locations", "create", "Cold Start Realty", "--json", env=env))["api_key"]
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "serve", "--port", str(port)],
            cwd=empty,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            timings = asyncio.run(_first_answer(f"http://127.0.0.1:{port}", api_key, started))
        finally:
            server.terminate()
            server.wait(timeout=30)
        fitted = any(Path(empty, "models").glob("*.joblib"))
        return {**timings, "fitted_at_start": fitted}


def main() -> None:
    runs = [one_run() for _ in range(RUNS)]
    print(write("cold_start", {"cold_start": {"runs": runs, "target_s": 10}}))


if __name__ == "__main__":
    main()
