"""What the micro-batcher costs a lone message: one request at a time (batch size 1), read by the engine
directly (`LocalEngine.analyze`, its own thread) and through `MicroBatcher` with no window and with a
2 ms window, alternated round by round so that the shared machine's load falls on all three alike.
Also the batches that form when 16 messages arrive at once.

    python -m benchmarks.batching_overhead  ->  benchmarks/results/batching_overhead.json
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

from benchmarks.common import MODEL_CACHE, summarise, write
from benchmarks.realtime_hub import prospect_messages
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.intelligence.batching import MicroBatcher
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine

ROUNDS = int(os.environ.get("BATCHING_BENCH_ROUNDS", "6"))
PER_ROUND = 40
WINDOW_MS = 2.0


async def _lone(engine: AnalysisEngine, requests: list[AnalysisRequest]) -> list[float]:
    latencies = []
    for request in requests:
        started = time.perf_counter()
        await engine.analyze(request)
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.002)  # a lone message: nothing else is waiting when it arrives
    return latencies


async def main_async() -> dict[str, Any]:
    local = load_local_engine(MODEL_CACHE)
    engines: dict[str, AnalysisEngine] = {
        "engine_directly": local,
        "batcher_no_window": MicroBatcher(local),
        f"batcher_{WINDOW_MS:g}_ms_window": MicroBatcher(local, window_s=WINDOW_MS / 1000),
    }
    messages = prospect_messages()
    latencies: dict[str, list[float]] = {name: [] for name in engines}
    for round_index in range(ROUNDS):
        chosen = [
            AnalysisRequest(message=messages[(round_index * PER_ROUND + i) % len(messages)])
            for i in range(PER_ROUND)
        ]
        for name, engine in engines.items():
            latencies[name] += await _lone(engine, chosen)
    burst = MicroBatcher(local)
    together = [AnalysisRequest(message=m) for m in messages[:16]]
    await asyncio.gather(*(burst.analyze(r) for r in together))
    return {
        "lone_message_latency_ms": {name: summarise(values) for name, values in latencies.items()},
        "sixteen_at_once": {"batches": burst.stats.batches, "largest": burst.stats.largest},
        "load_average_after": [round(v, 2) for v in os.getloadavg()],
    }


def main() -> None:
    print(write("batching_overhead", {"batching_overhead": asyncio.run(main_async())}))


if __name__ == "__main__":
    main()
