"""Starting the dashboard (`enterprisehub dashboard`) and everything at once (`enterprisehub up`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

APP = Path(__file__).with_name("app.py")
STOP_GRACE_S = 10.0


def streamlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def dashboard_environment(api_url: str | None, key_file: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if api_url:
        env["ENTERPRISEHUB_DASHBOARD_API_URL"] = api_url
    if key_file is not None:
        env["ENTERPRISEHUB_DASHBOARD_KEY_FILE"] = str(key_file.resolve())
    return env


def run_together(commands: Sequence[Sequence[str]], env: Mapping[str, str]) -> int:
    """Run the commands side by side until one ends, Ctrl-C or SIGTERM; then stop them all.

    The signals are handled explicitly: a process started in the background may inherit SIGINT
    ignored, and Ctrl-C must still stop everything.
    """
    stopping: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes = [subprocess.Popen(list(command), env=dict(env)) for command in commands]
    try:
        while not stopping and all(process.poll() is None for process in processes):
            time.sleep(0.2)
    finally:
        _stop(processes)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else max((process.returncode or 0) for process in processes)


def _stop(processes: Sequence[subprocess.Popen[bytes]]) -> None:
    # SIGTERM: uvicorn and Streamlit both shut down cleanly on it.
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_GRACE_S
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
