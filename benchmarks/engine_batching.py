"""`make bench`: the engine's cost per message read alone and inside batches of 4, 16 and 64.

Each figure comes from a fresh process reading the labeled messages once, in file order, each with its
conversation's earlier turns (so caches hold only what a real conversation would have sent before):
- `cpu_ms_per_message`: the process's CPU time over the pass divided by the messages read;
- `latency`: per message, the wall time of the call that read it (a message waits for its whole batch);
- `embedding_cpu_ms_per_message`: the ONNX sentence embedding alone over the same messages, one call
  each, in the same process, to show what the rest of the engine costs beside it.

`--baseline DIR` measures another checkout (e.g. main) the same way in the same run, alternating with
this one, so load from other processes on the machine falls on both. A checkout without
`LocalEngine.analyze_batch` is measured at batch 1 only.

    python -m benchmarks.engine_batching [--baseline /path/to/main-checkout] [--repeats 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "conversations"
WORKLOAD = (("dev.jsonl", None), ("sgd_homes_dev.jsonl", 600))
BATCH_SIZES = (1, 4, 16, 64)


def worker(batch: int, cache_dir: str) -> dict[str, Any]:
    """Runs inside the checkout measured (its package first on sys.path): imports only that package."""
    from ghl_real_estate_ai.evaluation.dataset import read_examples
    from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder
    from ghl_real_estate_ai.intelligence.local.engine import LocalEngine, load_local_engine

    if batch > 1 and not hasattr(LocalEngine, "analyze_batch"):
        return {"available": False}
    requests = [
        example.to_request()
        for name, limit in WORKLOAD
        for example in islice(read_examples(DATA / name), limit)
    ]
    engine = load_local_engine(cache_dir)
    latencies: list[float] = []
    cpu_started = time.process_time()
    for start in range(0, len(requests), batch):
        chunk = requests[start : start + batch]
        started = time.perf_counter()
        if batch == 1:
            engine.analyze_now(chunk[0])
        else:
            engine.analyze_batch(chunk)
        latencies += [(time.perf_counter() - started) * 1000] * len(chunk)
    cpu_ms = (time.process_time() - cpu_started) * 1000
    embedder = SentenceEmbedder()
    embedder.load()
    embedder.embed_one("warm up")
    embedding_started = time.process_time()
    for request in requests:
        embedder.embed_one(request.message)
    embedding_ms = (time.process_time() - embedding_started) * 1000
    return {
        "available": True,
        "messages": len(requests),
        "cpu_ms_per_message": round(cpu_ms / len(requests), 3),
        "embedding_cpu_ms_per_message": round(embedding_ms / len(requests), 3),
        "latencies_ms": latencies,
    }


def measure(checkout: Path, batch: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache_dir:
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        done = subprocess.run(
            [sys.executable, __file__, "--worker", str(batch), "--cache-dir", cache_dir],
            env=env,
            cwd=checkout,
            check=True,
            capture_output=True,
            text=True,
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(checkouts: dict[str, Path], repeats: int) -> dict[str, Any]:
    from benchmarks.common import summarise

    runs: dict[str, dict[str, list[dict[str, Any]]]] = {name: {} for name in checkouts}
    for _ in range(repeats):
        for batch in BATCH_SIZES:
            for name, checkout in checkouts.items():
                print(f"{name} batch {batch} ...", flush=True)
                result = measure(checkout, batch)
                if result["available"]:
                    runs[name].setdefault(f"batch_{batch}", []).append(result)
    report: dict[str, Any] = {}
    for name, by_batch in runs.items():
        report[name] = {
            batch: {
                "messages": results[0]["messages"],
                "cpu_ms_per_message": [result["cpu_ms_per_message"] for result in results],
                "embedding_cpu_ms_per_message": [r["embedding_cpu_ms_per_message"] for r in results],
                "latency": summarise([ms for result in results for ms in result["latencies_ms"]]),
            }
            for batch, results in by_batch.items()
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to measure in the same run")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.cache_dir)))
        return
    from benchmarks.common import commit, write

    checkouts = {"this": ROOT}
    if args.baseline:
        checkouts = {"baseline": args.baseline.resolve(), **checkouts}
    report = run(checkouts, args.repeats)
    baseline = None
    if args.baseline:
        baseline = {"path": str(args.baseline), "commit": commit(args.baseline)}
    print(write("engine_batching", {"this_commit": commit(), "baseline": baseline, "engine": report}))


if __name__ == "__main__":
    main()
