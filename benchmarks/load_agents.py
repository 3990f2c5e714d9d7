"""The load generator for the capacity benchmarks, run as processes of its own so it does not take the
server's CPU inside one interpreter (and so its own CPU can be told apart).

Reads a plan as JSON on stdin: the socket URL, one token per agent, and phases (each agent sends one
prospect message every `interval_s` for `seconds`, each at its own offset). Writes JSON on stdout: for
every message sent, when (epoch seconds), what came back (`coached`, `busy`, or nothing) and after how
long; the close codes of sockets the server closed; and this process's CPU seconds.

    python -m benchmarks.load_agents < plan.json > outcome.json
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

CONNECTS_AT_ONCE = 50
DRAIN_SECONDS = 10.0


@dataclass
class Sent:
    at: float  # epoch seconds, comparable across processes
    started: float  # perf_counter, for the latency
    outcome: str | None = None
    latency_ms: float | None = None


@dataclass
class Agent:
    agent_id: str
    token: str
    socket: ClientConnection | None = None
    pending: deque[Sent] = field(default_factory=deque)
    sent: list[Sent] = field(default_factory=list)
    closing: bool = False
    closed: str | None = None

    def on_message(self, raw: str | bytes) -> None:
        message = json.loads(raw)
        kind = message["type"]
        if kind == "event" and str(message["topic"]).endswith(".suggestions"):
            self._settle("coached")
        elif kind == "error" and message.get("code") == "busy":
            self._settle("busy")

    def _settle(self, outcome: str) -> None:
        # Answers (coaching or busy) come back in the order the messages were sent, per socket.
        if self.pending:
            sent = self.pending.popleft()
            sent.outcome, sent.latency_ms = outcome, (time.perf_counter() - sent.started) * 1000


async def _connect(url: str, agent: Agent, gate: asyncio.Semaphore) -> None:
    async with gate:
        agent.socket = await connect(f"{url}?token={agent.token}", open_timeout=120, max_queue=None)
        topic = f"coaching.{agent.agent_id}.suggestions"
        await agent.socket.send(json.dumps({"type": "subscribe", "topics": [topic]}))
        await agent.socket.send(json.dumps({"type": "ping"}))
        while json.loads(await agent.socket.recv()).get("type") != "pong":
            pass  # subscribed once the ping sent after it is answered


async def _listen(agent: Agent) -> None:
    assert agent.socket is not None
    try:
        async for raw in agent.socket:
            agent.on_message(raw)
    except ConnectionClosed as closed:
        if not agent.closing:
            agent.closed = f"{closed.rcvd.code if closed.rcvd else 'none'}"


async def _talk(agent: Agent, messages: list[str], phases: list[dict[str, float]], start: float) -> None:
    assert agent.socket is not None
    rng = random.Random(agent.agent_id)
    phase_start = start
    for phase in phases:
        interval, until = phase["interval_s"], phase_start + phase["seconds"]
        next_send = phase_start + rng.uniform(0, interval)
        while next_send < until:
            await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
            sent = Sent(time.time(), time.perf_counter())
            agent.pending.append(sent)
            agent.sent.append(sent)
            body = {
                "type": "prospect_message",
                "lead_id": f"lead_{agent.agent_id}",
                "message": rng.choice(messages),
            }
            try:
                await agent.socket.send(json.dumps(body))
            except ConnectionClosed:
                return
            next_send += interval
        phase_start = until


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    agents = [Agent(agent_id, token) for agent_id, token in plan["agents"]]
    gate = asyncio.Semaphore(CONNECTS_AT_ONCE)
    await asyncio.gather(*(_connect(plan["url"], agent, gate) for agent in agents))
    listeners = [asyncio.create_task(_listen(agent)) for agent in agents]
    # Every generator process starts its traffic at the same wall-clock moment.
    await asyncio.sleep(max(0.0, plan["start_at"] - time.time()))
    cpu_started, start = time.process_time(), time.perf_counter()
    await asyncio.gather(*(_talk(agent, plan["messages"], plan["phases"], start) for agent in agents))
    cpu_traffic = time.process_time() - cpu_started
    for _ in range(round(DRAIN_SECONDS / 0.1)):
        if not any(agent.pending for agent in agents):
            break
        await asyncio.sleep(0.1)
    for agent in agents:
        assert agent.socket is not None
        agent.closing = True
        await agent.socket.close()
    await asyncio.gather(*listeners, return_exceptions=True)
    return {
        "sent": [[s.at, s.outcome, s.latency_ms] for agent in agents for s in agent.sent],
        "closed_by_server": [agent.closed for agent in agents if agent.closed is not None],
        "cpu_seconds_during_traffic": cpu_traffic,
    }


def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    plan = json.loads(sys.stdin.read())
    json.dump(asyncio.run(run(plan)), sys.stdout)


if __name__ == "__main__":
    main()
