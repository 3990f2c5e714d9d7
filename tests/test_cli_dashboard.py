"""`make run`'s pieces as a user runs them: demo seeding, `enterprisehub up` and Ctrl-C."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import MODEL_CACHE
from tests.support.servers import free_port
from tests.test_cli import migrated, run_cli  # noqa: F401  (the fixture is used by name)

START_TIMEOUT_S = 90


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "enterprisehub up ended early"
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not come up")


def refused(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
    except httpx.ConnectError:
        return True
    return False


class TestDemo:
    def test_the_demo_seeds_a_coached_lead_and_writes_its_key_readable_only_by_the_owner(
        self,
        migrated: Path,  # noqa: F811
    ) -> None:
        key_file = migrated / "var" / "demo-api-key"
        result = run_cli("demo", "--key-file", str(key_file), tmp_path=migrated)
        assert result.returncode == 0, result.stderr
        key = key_file.read_text()
        assert key.startswith("ehk_") and key in result.stdout
        assert "Agent token for agent_123: ey" in result.stdout
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        with sqlite3.connect(migrated / "cli.db") as connection:
            kinds = connection.execute("SELECT kind FROM analyses").fetchall()
            contacts = connection.execute("SELECT external_id FROM contacts").fetchall()
            messages = connection.execute("SELECT speaker FROM messages ORDER BY id").fetchall()
        assert kinds == [("coaching",)]
        assert contacts == [("lead_demo",)]
        assert [m[0] for m in messages] == ["prospect", "agent", "prospect"]


class TestUp:
    def test_up_serves_the_api_and_the_dashboard_and_ctrl_c_stops_both(
        self,
        migrated: Path,  # noqa: F811
    ) -> None:
        api_port, dashboard_port = free_port(), free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{migrated / 'cli.db'}",
            "ENTERPRISEHUB_MODEL_CACHE_DIR": str(MODEL_CACHE),
        }
        up = subprocess.Popen(
            [sys.executable, "-m", "ghl_real_estate_ai.cli", "up",
             "--api-port", str(api_port), "--dashboard-port", str(dashboard_port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        api = f"http://127.0.0.1:{api_port}/api/v1/ping"
        dashboard = f"http://127.0.0.1:{dashboard_port}/_stcore/health"
        try:
            wait_until_up(api, up)
            wait_until_up(dashboard, up)
            up.send_signal(signal.SIGINT)
            assert up.wait(timeout=20) == 0
        finally:
            if up.poll() is None:
                up.kill()
                up.wait()
        output = (up.stdout.read() if up.stdout else b"").decode()
        assert f"Open http://127.0.0.1:{dashboard_port}" in output
        assert refused(api) and refused(dashboard)
