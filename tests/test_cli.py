"""The command line, run as a user runs it: a real process against a real database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MODEL_CACHE

EXAMPLES = [
    {
        "id": "t-1",
        "reference_date": "2026-01-10",
        "language": "en",
        "context": [],
        "message": "Looking to buy a 3 bed house in Dallas under $400k within 2 months",
        "labels": {
            "primary_intent": "property_search",
            "objection_type": None,
            "urgency_level": "high",
            "preferences": {
                "bedrooms": 3,
                "property_type": "single_family_home",
                "budget_max": 400000,
                "locations": ["Dallas"],
                "timeline_months": 2,
            },
        },
    },
    {
        "id": "t-2",
        "reference_date": "2026-01-10",
        "language": "en",
        "context": [],
        "message": "stop texting me",
        "labels": {"primary_intent": "not_interested"},
    },
]


def run_cli(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "ENTERPRISEHUB_MODEL_CACHE_DIR": str(MODEL_CACHE),
    }
    return subprocess.run(
        [sys.executable, "-m", "ghl_real_estate_ai.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    result = run_cli("migrate", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


class TestCli:
    def test_locations_create_prints_an_id_and_a_working_key_as_json(self, migrated: Path) -> None:
        result = run_cli(
            "locations", "create", "Acme Realty", "--ghl-location-id", "ghl-1", "--json", tmp_path=migrated
        )
        assert result.returncode == 0, result.stderr
        created = json.loads(result.stdout)
        assert created["location_id"].startswith("loc_") and created["api_key"].startswith("ehk_")

    def test_locations_create_stores_the_ghl_token(self, migrated: Path) -> None:
        result = run_cli(
            "locations", "create", "Token Realty", "--ghl-location-id", "ghl-t", "--ghl-token", "pit-1",
            "--json", tmp_path=migrated,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(migrated / "cli.db") as connection:
            [(stored,)] = connection.execute("SELECT access_token FROM ghl_location_settings").fetchall()
        assert stored == "plain:pit-1"  # no ENTERPRISEHUB_ENCRYPTION_KEYS here; with keys it is Fernet

    def test_demo_seeds_only_an_empty_database(self, migrated: Path) -> None:
        first = run_cli("demo", tmp_path=migrated)
        second = run_cli("demo", tmp_path=migrated)
        assert "ehk_" in first.stdout
        assert "ehk_" not in second.stdout and "already has tenants" in second.stdout

    def test_eval_reports_the_interface_metrics_as_json(self, tmp_path: Path) -> None:
        data = tmp_path / "labeled.jsonl"
        data.write_text("\n".join(json.dumps(example) for example in EXAMPLES) + "\n")
        result = run_cli("eval", "--data", str(data), "--json", tmp_path=tmp_path)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["examples"] == 2
        assert report["intent"]["accuracy"] == 1.0
        assert report["objection"]["detection_f1"] is None  # no objection in either example
        assert report["preferences"]["f1"] is not None
        assert report["motivation"]["accuracy"] is None  # not labeled: not scored
        assert report["latency_ms"]["p99"] >= report["latency_ms"]["p50"] > 0

    def test_eval_record_stores_the_run_with_its_dataset_and_time(self, migrated: Path) -> None:
        data = migrated / "labeled.jsonl"
        data.write_text("\n".join(json.dumps(example) for example in EXAMPLES) + "\n")
        result = run_cli("eval", "--data", str(data), "--json", "--record", tmp_path=migrated)
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(migrated / "cli.db") as connection:
            [(dataset, examples, accuracy, recorded_at)] = connection.execute(
                "SELECT dataset, examples, intent_accuracy, recorded_at FROM evaluation_runs"
            ).fetchall()
        assert (dataset, examples) == ("labeled.jsonl", 2)
        assert accuracy == json.loads(result.stdout)["intent"]["accuracy"]
        assert recorded_at

    def test_eval_refuses_a_file_that_is_not_labeled_data(self, tmp_path: Path) -> None:
        data = tmp_path / "broken.jsonl"
        data.write_text("{not json}\n")
        result = run_cli("eval", "--data", str(data), "--json", tmp_path=tmp_path)
        assert result.returncode != 0
        assert "broken.jsonl:1" in result.stderr
