"""Running a real app on a real port, in a thread of the test process."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from ghl_real_estate_ai.api.app import create_app
from ghl_real_estate_ai.clock import Clock, system_clock
from ghl_real_estate_ai.intelligence.engine import AnalysisEngine
from ghl_real_estate_ai.settings import Settings

START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(app: ASGIApp, **options: Any) -> Iterator[str]:
    """Serve `app` with uvicorn (lifespan on) on a free port; yields its base URL, stops it on exit.

    `options` go to uvicorn.Config (e.g. the hub's ws_ping_interval)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", **options)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass(frozen=True)
class Served:
    base_url: str
    settings: Settings
    app: FastAPI


@contextmanager
def serve_app(
    database_url: str,
    engine: AnalysisEngine,
    *,
    clock: Clock = system_clock,
    configure: Callable[[FastAPI], None] | None = None,
    **settings: Any,
) -> Iterator[Served]:
    """The real app with these settings (by their environment names) on a free port.

    Test defaults: ENTERPRISEHUB_ENV=test and no GHL worker (tests that need one run their own).
    Heartbeats follow the settings, as `enterprisehub serve` does. `configure` may add a route."""
    chosen = Settings(
        **{
            "DATABASE_URL": database_url,
            "ENTERPRISEHUB_ENV": "test",
            "ENTERPRISEHUB_WORKER": False,
            # One client address sends every test's requests: limits have tests of their own
            # (tests/security/test_findings.py), and /metrics is read by the health tests.
            "ENTERPRISEHUB_RATE_LIMIT_ENABLED": False,
            "ENTERPRISEHUB_METRICS_PUBLIC": True,
            **settings,
        }
    )
    app = create_app(chosen, engine=engine, clock=clock)
    if configure is not None:
        configure(app)
    options = {
        "ws_ping_interval": chosen.hub_ping_interval_seconds,
        "ws_ping_timeout": chosen.hub_ping_timeout_seconds,
    }
    with serve_in_thread(app, **options) as base_url:
        yield Served(base_url, chosen, app)
