"""Retrain the embedded engine's label heads on corrected labels, and activate them only if not worse.

The candidate is fitted on the package's corpus plus the corrections (same JSONL as the evaluation files,
see taxonomy.md). Both the active heads and the candidate are scored on the shipped evaluation files; a
file's headline is the mean of the scores it can measure (intent, objection detection, motivation, stage,
urgency, sentiment: macro-F1 where defined, objection detection F1). The candidate is activated only when
no file's headline drops; otherwise it is refused and the active heads stay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.evaluation.dataset import read_examples
from ghl_real_estate_ai.evaluation.runner import EvaluationReport, evaluate
from ghl_real_estate_ai.intelligence.local.classifier import LabelClassifiers, load_classifiers
from ghl_real_estate_ai.intelligence.local.corpus import TrainingExample, context_text, load_corpus
from ghl_real_estate_ai.intelligence.local.embedding import SentenceEmbedder
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.intelligence.local.preferences import PreferenceExtractor
from ghl_real_estate_ai.intelligence.local.retrained import load_active_retrained, save_retrained


@dataclass(frozen=True)
class RetrainResult:
    activated: bool
    corrections: int
    active: dict[str, float]
    candidate: dict[str, float]
    reason: str


def read_corrections(path: Path) -> list[TrainingExample]:
    """Raises ValueError on a line that is not a labeled example."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            turns = [(turn["speaker"], turn["message"]) for turn in row.get("context", [])]
            examples.append(TrainingExample(str(row["message"]), context_text(turns), dict(row["labels"])))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"line {number}: not a labeled example ({error})") from error
    return examples


def headline(report: EvaluationReport) -> float:
    parts = [
        report.intent.macro_f1,
        report.objection.detection_f1,
        report.motivation.macro_f1,
        report.decision_stage.macro_f1,
        report.urgency.macro_f1,
        report.sentiment.macro_f1,
    ]
    known = [p for p in parts if p is not None]
    return round(sum(known) / len(known), 4) if known else 0.0


def score(classifiers: LabelClassifiers, eval_files: Iterable[Path], limit: int | None) -> dict[str, float]:
    engine = LocalEngine(classifiers, PreferenceExtractor())
    engine.analyze_now(AnalysisRequest(message="warm up"))
    return {
        f.name: headline(evaluate(islice(read_examples(f), limit), engine.analyze_now)) for f in eval_files
    }


def retrain(
    corrections_file: Path, eval_files: list[Path], cache_dir: Path, limit: int | None = None
) -> RetrainResult:
    embedder = SentenceEmbedder()
    corrections = read_corrections(corrections_file)
    current = load_active_retrained(cache_dir, embedder) or load_classifiers(cache_dir, embedder)
    active = score(current, eval_files, limit)
    candidate_heads = LabelClassifiers.train([*load_corpus(), *corrections], embedder)
    candidate = score(candidate_heads, eval_files, limit)
    worse = [name for name, value in candidate.items() if value < active[name]]
    if worse:
        reason = "refused: worse on " + ", ".join(f"{n} ({candidate[n]} < {active[n]})" for n in worse)
        return RetrainResult(False, len(corrections), active, candidate, reason)
    save_retrained(candidate_heads, cache_dir, {"corrections": len(corrections), "scores": candidate})
    return RetrainResult(True, len(corrections), active, candidate, "activated: not worse on any file")
