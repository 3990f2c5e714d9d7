"""Error analysis for docs/QUALITY.md: `enterprisehub eval`'s metrics per language and with/without context.

Usage: .venv/bin/python scripts/quality_breakdown.py FILE.jsonl [FILE.jsonl ...]
Examples are stitched into conversations first (as the eval does), then split; each slice is scored
by the same runner, so the figures are comparable with `enterprisehub eval --json`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ghl_real_estate_ai.evaluation.dataset import LabeledExample, read_examples, stitch_conversations
from ghl_real_estate_ai.evaluation.runner import EvaluationReport, evaluate
from ghl_real_estate_ai.intelligence.local.engine import load_local_engine
from ghl_real_estate_ai.settings import Settings

SLICES: dict[str, Callable[[LabeledExample], bool]] = {
    "all": lambda e: True,
    "en": lambda e: e.language is not None and e.language.value == "en",
    "es": lambda e: e.language is not None and e.language.value == "es",
    "no context": lambda e: not e.context,
    "with context": lambda e: bool(e.context),
}


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(name: str, report: EvaluationReport) -> str:
    cells = [
        report.intent.accuracy,
        report.objection.detection_f1,
        report.objection.type_accuracy,
        report.urgency.within_one,
        report.sentiment.accuracy,
        report.motivation.accuracy,
        report.decision_stage.accuracy,
        report.preferences.precision,
        report.preferences.recall,
        report.preferences.f1,
        report.language.accuracy,
    ]
    return f"| {name} | {report.examples} | " + " | ".join(_figure(c) for c in cells) + " |"


def main(paths: list[str]) -> None:
    engine = load_local_engine(Settings().model_cache_dir)
    header = (
        "| slice | n | intent | obj F1 | obj type | urgency ±1 | sentiment | motivation | stage "
        "| pref P | pref R | pref F1 | language |\n|---|" + "---|" * 12
    )
    for path in paths:
        examples = list(stitch_conversations(read_examples(Path(path))))
        print(f"\n### {Path(path).name}\n\n{header}")
        for name, keep in SLICES.items():
            chosen = [e for e in examples if keep(e)]
            if chosen:
                # Already stitched: evaluate() stitches again, which leaves whole contexts unchanged.
                print(_row(name, evaluate(chosen, engine.analyze_now)))


if __name__ == "__main__":
    main(sys.argv[1:])
