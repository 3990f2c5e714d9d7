"""`enterprisehub model ...` as a user runs it: a real process, a real database, versions per location."""

from __future__ import annotations

import json
from pathlib import Path

from tests.learning.tabular.synthetic import export
from tests.test_cli import run_cli


def test_train_evaluate_list_and_activate_keep_versions_per_location(tmp_path: Path) -> None:
    data = tmp_path / "leads.csv"
    data.write_bytes(export(200))
    assert run_cli("migrate", tmp_path=tmp_path).returncode == 0
    refused = run_cli("model", "train", "--csv", str(data), "--target", "Converted", tmp_path=tmp_path)
    assert refused.returncode == 2
    assert "no location yet" in refused.stderr
    for name in ("North", "South"):
        assert (
            run_cli("locations", "create", name, "--ghl-location-id", name, tmp_path=tmp_path).returncode == 0
        )

    trained = run_cli(
        "model",
        "train",
        "--csv",
        str(data),
        "--target",
        "Converted",
        "--location",
        "North",
        "--json",
        tmp_path=tmp_path,
    )
    assert trained.returncode == 0, trained.stderr
    summary = json.loads(trained.stdout)
    assert (summary["version"], summary["active"]) == (1, True)
    assert summary["cv"]["rows"] == 200
    assert "Lead Quality" in trained.stderr  # the refusal is said, not silent

    evaluated = run_cli(
        "model", "evaluate", "--csv", str(data), "--location", "North", "--json", tmp_path=tmp_path
    )
    assert evaluated.returncode == 0, evaluated.stderr
    assert set(json.loads(evaluated.stdout)) >= {"auc", "accuracy", "brier", "rows"}

    other = run_cli("model", "evaluate", "--csv", str(data), "--location", "South", tmp_path=tmp_path)
    assert other.returncode == 2
    assert "no active model" in other.stderr

    listed = json.loads(run_cli("model", "list", "--location", "North", "--json", tmp_path=tmp_path).stdout)
    assert [v["version"] for v in listed] == [1]
    assert run_cli("model", "activate", "3", "--location", "North", tmp_path=tmp_path).returncode == 2
    assert run_cli("model", "activate", "1", "--location", "North", tmp_path=tmp_path).returncode == 0
