"""`make bench`: quality and engine latency on labeled data (HTTP coaching: benchmarks/http_coaching.py).

Results go to benchmarks/results/*.json with the machine they were measured on.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

from benchmarks.common import (
    DATA,
    MODEL_CACHE,
    summarise,
    write,
)
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.evaluation.dataset import read_examples
from ghl_real_estate_ai.evaluation.runner import evaluate
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine


def engine_latency() -> dict[str, Any]:
    engine = load_local_engine(MODEL_CACHE)
    engine.analyze_now(AnalysisRequest(message="warm up"))
    results: dict[str, Any] = {}
    for name, limit in (("dev.jsonl", None), ("sgd_homes_dev.jsonl", 2000)):
        path = DATA / name
        if not path.exists():
            continue
        latencies = []
        for example in islice(read_examples(path), limit):
            request = example.to_request()
            started = time.perf_counter()
            engine.analyze_now(request)
            latencies.append((time.perf_counter() - started) * 1000)
        results[name] = summarise(latencies)
    return results


def quality() -> dict[str, Any]:
    """The taxonomy's metrics on each labeled file present (the same report as `enterprisehub eval`)."""
    engine = load_local_engine(MODEL_CACHE)
    return {
        path.name: evaluate(read_examples(path), engine.analyze_now).model_dump()
        for path in sorted(DATA.glob("*.jsonl"))
    }


def main() -> None:
    print("quality on labeled data ...", flush=True)
    print(write("quality", {"quality": quality()}))
    print("engine latency ...", flush=True)
    print(write("engine_latency", {"engine": engine_latency()}))


if __name__ == "__main__":
    main()
