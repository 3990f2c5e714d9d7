"""Real-time capacity on this machine: what an answer costs, how many a second the server keeps up
with, 1,000 live agents, and overload.

The server is `enterprisehub serve` (its own processes); the agents live in load generator processes
(benchmarks/load_agents.py, two by default) so they neither share the server's interpreter nor hide
their own CPU, which is reported beside the server's. Each figure comes with the load average, since
the 2 cores are shared. Runs:
- floor: the 1,000-agent run against a socket that does no work (benchmarks/ws_floor.py), same
  generator, same run: the best the machine, the socket stack and the generator can do;
- capacity: rising rates (agents x interval) until p99 > 150 ms or anything is not coached, for 1 and 2
  server processes on SQLite and on PostgreSQL + Redis;
- agents_1000: 1,000 agents, one prospect message each every 5 s, for 60 s (round trip p99, lost,
  sockets closed by the server, server CPU per answered message: the median of 1 s windows);
- overload: 2,000 agents every 2 s for 30 s, then every 10 s (200/s) for 20 s: coaching or `busy`
  within 250 ms, sockets closed, server memory, and how soon p99 is back under 150 ms.

    python -m benchmarks.realtime_capacity  ->  benchmarks/results/realtime_capacity.json
    CAPACITY_BENCH_RUNS=floor,agents_1000 CAPACITY_BENCH_SETUPS=embedded \
        python -m benchmarks.realtime_capacity
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks.common import cpu_seconds, free_port, rss_bytes, summarise, wait_ready, write
from benchmarks.realtime_hub import (
    Server,
    _environment,
    _raise_open_file_limit,
    prospect_messages,
    start_server,
)

RUNS = os.environ.get("CAPACITY_BENCH_RUNS", "floor,capacity,agents_1000,overload").split(",")
SETUPS = os.environ.get("CAPACITY_BENCH_SETUPS", "embedded,embedded_2,scaled_1,scaled").split(",")
GENERATORS = int(os.environ.get("CAPACITY_BENCH_GENERATORS", "2"))
AGENTS_SECONDS = float(os.environ.get("CAPACITY_BENCH_SECONDS", "60"))
CAPACITY_SECONDS = float(os.environ.get("CAPACITY_BENCH_STEP_SECONDS", "15"))
CAPACITY_RATES = [
    int(r) for r in os.environ.get("CAPACITY_BENCH_RATES", "10,25,50,100,150,200,300,400").split(",")
]
CAPACITY_AGENTS = 500
P99_TARGET_MS = 150.0
OVERLOAD_DEADLINE_MS = 250.0
SAMPLE_EVERY_S = 0.5
# Where each setup runs: (server processes, database + broker), as in benchmarks/realtime_hub.py.
SERVERS = {
    "embedded": (1, "embedded", "1 process, SQLite, in-process broker (the defaults)"),
    "embedded_2": (2, "embedded", "--workers 2, SQLite, in-process broker"),
    "scaled_1": (1, "scaled", "1 process, PostgreSQL, Redis broker"),
    "scaled": (2, "scaled", "--workers 2, PostgreSQL, Redis broker"),
}


@dataclass
class Samples:
    """The server's CPU seconds and resident memory, read from /proc every SAMPLE_EVERY_S."""

    server: Server | None
    pids: list[int]
    points: list[tuple[float, float, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def _cpu_rss(self) -> tuple[float, int]:
        if self.server is not None:
            return self.server.cpu_seconds(), self.server.rss_bytes()
        return sum(cpu_seconds(p) for p in self.pids), sum(rss_bytes(p) for p in self.pids)

    def start(self) -> None:
        def sample() -> None:
            while not self._stop.wait(SAMPLE_EVERY_S):
                cpu, rss = self._cpu_rss()
                self.points.append((time.time(), cpu, rss))

        threading.Thread(target=sample, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()


def _generate(
    url: str, agents: list[tuple[str, str]], phases: list[dict[str, float]]
) -> list[dict[str, Any]]:
    """The agents split over GENERATORS processes, all starting their traffic at the same moment."""
    start_at = time.time() + 5 + len(agents) / 400  # time to connect every socket first
    slices = [agents[i::GENERATORS] for i in range(GENERATORS)]
    processes = []
    for part in slices:
        plan = {
            "url": url,
            "agents": part,
            "phases": phases,
            "messages": prospect_messages(),
            "start_at": start_at,
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.load_agents"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert process.stdin is not None
        process.stdin.write(json.dumps(plan).encode())
        process.stdin.close()
        processes.append(process)
    outcomes = []
    for process in processes:
        assert process.stdout is not None
        outcomes.append(json.loads(process.stdout.read()))
        process.wait()
    return outcomes


def _report(
    outcomes: list[dict[str, Any]], samples: Samples, phases: list[dict[str, float]], started: float
) -> dict[str, Any]:
    sent = [tuple(s) for outcome in outcomes for s in outcome["sent"]]
    traffic_s = sum(p["seconds"] for p in phases)
    coached = [s for s in sent if s[1] == "coached"]
    busy = [s for s in sent if s[1] == "busy"]
    answered_ms = [s[2] for s in sent if s[2] is not None]
    during = [p for p in samples.points if started <= p[0] <= started + traffic_s]
    cpu_server = (during[-1][1] - during[0][1]) if len(during) > 1 else 0.0
    window_s = during[-1][0] - during[0][0] if len(during) > 1 else traffic_s
    return {
        "messages_sent": len(sent),
        "messages_per_second": round(len(sent) / traffic_s, 1),
        "coached": len(coached),
        "busy": len(busy),
        "lost": len(sent) - len(coached) - len(busy),
        "round_trip_ms": summarise([s[2] for s in coached]),
        "busy_ms": summarise([s[2] for s in busy]),
        "answered_within_250_ms": round(
            sum(ms <= OVERLOAD_DEADLINE_MS for ms in answered_ms) / max(len(sent), 1), 4
        ),
        "closed_by_server": dict(
            Counter(code for outcome in outcomes for code in outcome["closed_by_server"])
        ),
        "server_cpu_ms_per_answer": _cpu_per_answer(coached, samples.points, started, traffic_s),
        "cpu_cores_busy": {
            "server": round(cpu_server / max(window_s, 1e-9), 2),
            "load_generator": round(sum(o["cpu_seconds_during_traffic"] for o in outcomes) / traffic_s, 2),
        },
        "server_rss_mib": {
            "start": round(samples.points[0][2] / 2**20, 1) if samples.points else None,
            "max": round(max(p[2] for p in samples.points) / 2**20, 1) if samples.points else None,
            "end": round(samples.points[-1][2] / 2**20, 1) if samples.points else None,
        },
    }


def _cpu_per_answer(
    coached: list[tuple[Any, ...]], points: list[tuple[float, float, int]], started: float, traffic_s: float
) -> dict[str, float | None]:
    """Server CPU ms per coached answer: per 1 s window (CPU spent / answers completed in it), the median
    over the run's windows; and the whole run's total over its count."""
    done = sorted(at + ms / 1000 for at, _, ms in coached)
    per_window, total_cpu, total_answers = [], 0.0, 0
    inside = [p for p in points if started <= p[0] <= started + traffic_s + 2]
    for (t0, cpu0, _), (t1, cpu1, _) in zip(inside[::2], inside[2::2], strict=False):
        answers = sum(t0 <= t < t1 for t in done)
        total_cpu, total_answers = total_cpu + cpu1 - cpu0, total_answers + answers
        if answers:
            per_window.append((cpu1 - cpu0) * 1000 / answers)
    return {
        "median_of_1s_windows": round(_nearest_rank(per_window, 0.5), 2) if per_window else None,
        "whole_run": round(total_cpu * 1000 / total_answers, 2) if total_answers else None,
    }


def _recovery(outcomes: list[dict[str, Any]], switch_at: float, seconds: float) -> dict[str, Any]:
    """After the load falls back: p99 of the messages sent in each second, and from when it stays under.
    A message not coached (busy, or no answer) counts as over the target: recovered means coached again,
    in time."""
    sent = [tuple(s) for outcome in outcomes for s in outcome["sent"] if s[0] >= switch_at]
    late = float("inf")
    by_second: dict[int, list[float]] = {}
    for at, outcome, ms in sent:
        by_second.setdefault(int(at - switch_at), []).append(ms if outcome == "coached" else late)
    p99s = [_nearest_rank(by_second.get(s, [0.0]), 0.99) for s in range(int(seconds))]
    under_from = next((s for s in range(len(p99s)) if all(p <= P99_TARGET_MS for p in p99s[s:])), None)
    after_5 = [ms if outcome == "coached" else late for at, outcome, ms in sent if at >= switch_at + 5]
    p99_after_5 = _nearest_rank(after_5, 0.99) if after_5 else None
    return {
        "p99_ms_per_second_after": [None if p == late else round(p, 1) for p in p99s],
        "under_150_ms_from_second": under_from,
        "p99_ms_from_5_s_after": None if p99_after_5 in (None, late) else round(p99_after_5 or 0.0, 1),
        "not_coached_from_5_s_after": sum(ms == late for ms in after_5),
    }


def _nearest_rank(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(quantile * len(ordered)) - 1)]


def _drive(
    url: str, agents: list[tuple[str, str]], phases: list[dict[str, float]], samples: Samples
) -> tuple[list[dict[str, Any]], float, dict[str, Any]]:
    load_before = os.getloadavg()
    samples.start()
    start_estimate = time.time()
    outcomes = _generate(url, agents, phases)
    samples.stop()
    first = min((s[0] for o in outcomes for s in o["sent"]), default=start_estimate)
    report = _report(outcomes, samples, phases, first)
    report["load_average"] = {
        "before": [round(v, 2) for v in load_before],
        "after": [round(v, 2) for v in os.getloadavg()],
    }
    return outcomes, first, report


def floor_run(agents: int, interval_s: float, seconds: float) -> dict[str, Any]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.ws_floor", str(port)])
    try:
        asyncio.run(_ready(f"http://127.0.0.1:{port}"))
        pairs = [(f"agent_{i:05d}", f"agent_{i:05d}") for i in range(agents)]
        samples = Samples(None, [process.pid])
        url = f"ws://127.0.0.1:{port}/ws/coaching"
        _, _, report = _drive(url, pairs, [{"interval_s": interval_s, "seconds": seconds}], samples)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"agents": agents, "send_every_s": interval_s, **report}


async def _tokens(server: Server, count: int) -> list[tuple[str, str]]:
    """An agent token per agent; a request the busy server dropped is asked again."""
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60, limits=limits) as client:

        async def issue(index: int) -> tuple[str, str]:
            agent_id = f"agent_{index:05d}"
            for attempt in range(5):
                try:
                    response = await client.post(
                        "/api/v1/auth/agent-token",
                        json={"agent_id": agent_id},
                        headers={"Authorization": f"Bearer {server.api_key}"},
                    )
                    response.raise_for_status()
                    return agent_id, str(response.json()["token"])
                except httpx.TransportError:
                    await asyncio.sleep(0.5 * (attempt + 1))
            raise RuntimeError(f"no token for {agent_id}")

        return list(await asyncio.gather(*(issue(i) for i in range(count))))


async def _ready(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as client:
        await wait_ready(client)


def server_run(
    env: dict[str, str], workers: int, agents: int, loads: list[list[dict[str, float]]]
) -> list[dict[str, Any]]:
    """One server, one set of agents, each load (a list of phases) run in turn; stops early when `stop`
    says so (see capacity)."""
    server = start_server(env, workers)
    reports = []
    try:
        pairs = asyncio.run(_tokens(server, agents))
        url = server.base_url.replace("http://", "ws://") + "/ws/coaching"
        for phases in loads:
            outcomes, first, report = _drive(url, pairs, phases, Samples(server, []))
            if len(phases) > 1:
                report["recovery"] = _recovery(outcomes, first + phases[0]["seconds"], phases[1]["seconds"])
            reports.append({"agents": agents, "phases": phases, **report})
            if len(loads) > 1 and not _kept_up(report):
                break
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    return reports


def _kept_up(report: dict[str, Any]) -> bool:
    p99 = report["round_trip_ms"]["p99_ms"]
    return report["coached"] == report["messages_sent"] and p99 is not None and p99 <= P99_TARGET_MS


def capacity(env: dict[str, str], workers: int) -> dict[str, Any]:
    """Rising rates on one server (its conversations carry on from step to step) until one is missed."""
    loads = [[{"interval_s": CAPACITY_AGENTS / rate, "seconds": CAPACITY_SECONDS}] for rate in CAPACITY_RATES]
    steps = server_run(env, workers, CAPACITY_AGENTS, loads)
    for rate, step in zip(CAPACITY_RATES, steps, strict=False):
        step["rate"] = rate
        print(
            f"    {rate}/s: p99 {step['round_trip_ms']['p99_ms']} ms, coached {step['coached']}/"
            f"{step['messages_sent']}",
            flush=True,
        )
    kept = [step["rate"] for step in steps if _kept_up(step)]
    return {"capacity_messages_per_second": max(kept) if kept else None, "steps": steps}


def main() -> None:
    _raise_open_file_limit()
    name = os.environ.get("CAPACITY_BENCH_NAME", "realtime_capacity")
    results: dict[str, Any] = {
        "load_generator": f"{GENERATORS} processes (benchmarks/load_agents.py), websockets, same machine",
        "p99_target_ms": P99_TARGET_MS,
        "setups": {},
    }
    if "floor" in RUNS:
        print("  floor: 1,000 agents every 5 s ...", flush=True)
        results["floor"] = floor_run(1000, 5.0, AGENTS_SECONDS)
        print(f"    {results['floor']['round_trip_ms']}", flush=True)
    for setup in SETUPS:
        workers, kind, description = SERVERS[setup]
        entry: dict[str, Any] = {"server": description}
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
            env = _environment(kind, tmp, stack)
            if "capacity" in RUNS:
                print(f"  {setup}: capacity", flush=True)
                entry["capacity"] = capacity(env, workers)
            if "agents_1000" in RUNS and setup in ("embedded", "scaled"):
                print(f"  {setup}: 1,000 agents every 5 s for {AGENTS_SECONDS:g} s", flush=True)
                entry["agents_1000"] = server_run(
                    env, workers, 1000, [[{"interval_s": 5.0, "seconds": AGENTS_SECONDS}]]
                )[0]
                print(
                    f"    {entry['agents_1000']['round_trip_ms']} lost {entry['agents_1000']['lost']}",
                    flush=True,
                )
            if "overload" in RUNS and setup in ("embedded", "scaled"):
                print(f"  {setup}: overload, 2,000 agents every 2 s for 30 s, then 200/s", flush=True)
                phases = [{"interval_s": 2.0, "seconds": 30.0}, {"interval_s": 10.0, "seconds": 20.0}]
                entry["overload"] = server_run(env, workers, 2000, [phases])[0]
                print(f"    within 250 ms: {entry['overload']['answered_within_250_ms']}", flush=True)
        results["setups"][setup] = entry
        write(name, {"realtime_capacity": results})  # kept as it goes: a long run that fails keeps the rest
    print(write(name, {"realtime_capacity": results}))


if __name__ == "__main__":
    main()
