"""`enterprisehub engine retrain` never activates heads that score worse on the evaluation files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ghl_real_estate_ai.intelligence.local.corpus import corpus_bytes
from ghl_real_estate_ai.intelligence.local.retrained import ACTIVE_RETRAINED
from tests.conftest import MODEL_CACHE, SHARED

DEV = SHARED / "data" / "conversations" / "dev.jsonl"


def run_cli(*args: str, tmp_path: Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The CLI with its own model cache, so activated heads never reach the suite's shared cache."""
    env = {**os.environ, "ENTERPRISEHUB_MODEL_CACHE_DIR": str(cache or tmp_path / "models")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    command = [sys.executable, "-m", "ghl_real_estate_ai.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def corrupted_labels(path: Path) -> Path:
    """400 corpus rows relabelled as not interested and negative: "corrections" that teach nonsense."""
    rows = [json.loads(line) for line in corpus_bytes().decode().splitlines() if line.strip()][:400]
    for row in rows:
        row["labels"] |= {"primary_intent": "not_interested", "sentiment": "negative"}
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def retrain(
    labels: Path, cache: Path, tmp_path: Path, evaluation: Path = DEV
) -> tuple[int, dict[str, object]]:
    done = run_cli(
        "engine",
        "retrain",
        "--labels",
        str(labels),
        "--eval",
        str(evaluation),
        "--limit",
        "120",
        "--json",
        tmp_path=tmp_path,
        cache=cache,
    )
    assert done.returncode in (0, 3), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_worse_heads_are_refused_and_equal_ones_activated(tmp_path: Path) -> None:
    cache = tmp_path / "models"
    cache.mkdir()
    for fitted in MODEL_CACHE.glob("local-classifiers-*.joblib"):  # the suite's shipped fit: no refit
        if fitted.name != ACTIVE_RETRAINED:
            shutil.copy(fitted, cache / fitted.name)
    code, refused = retrain(corrupted_labels(tmp_path / "bad.jsonl"), cache, tmp_path)
    assert code == 3
    assert refused["activated"] is False
    assert refused["candidate"]["dev.jsonl"] < refused["active"]["dev.jsonl"]
    assert not (cache / ACTIVE_RETRAINED).exists()

    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    # The shipped fit was made on another machine, whose rounding can flip a borderline reading: first
    # activate this machine's own fit of the corpus (an empty evaluation file has nothing to be worse on).
    code, _ = retrain(empty, cache, tmp_path, evaluation=empty)
    assert code == 0
    code, kept = retrain(empty, cache, tmp_path)
    assert code == 0  # the same fit scores the same: not worse, so it may be activated
    assert kept["candidate"] == kept["active"]
    assert (cache / ACTIVE_RETRAINED).exists()


def test_a_malformed_corrections_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"message": "hi"}\n')
    done = run_cli("engine", "retrain", "--labels", str(bad), "--eval", str(DEV), tmp_path=tmp_path)
    assert done.returncode == 2
    assert "line 1" in done.stderr
