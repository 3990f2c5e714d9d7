"""The engine's own training corpus: hand-written, labeled per the taxonomy, shipped with the package.

It is independent of the evaluation sets, so `enterprisehub eval` measures generalisation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources

CORPUS_RESOURCE = "training.jsonl"


@dataclass(frozen=True)
class TrainingExample:
    message: str
    context: str
    labels: dict[str, str | None]


def corpus_bytes() -> bytes:
    return (
        resources.files("ghl_real_estate_ai.intelligence.local.data").joinpath(CORPUS_RESOURCE).read_bytes()
    )


def corpus_digest() -> str:
    return hashlib.sha256(corpus_bytes()).hexdigest()[:16]


def context_text(turns: list[tuple[str, str]]) -> str:
    """Earlier turns flattened for the context features; the speaker matters, so it is kept as a marker."""
    return " ".join(f"[{speaker}] {message}" for speaker, message in turns)


def load_corpus() -> list[TrainingExample]:
    examples = []
    for line in corpus_bytes().decode("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        turns = [(turn["speaker"], turn["message"]) for turn in row.get("context", [])]
        examples.append(TrainingExample(row["message"], context_text(turns), row["labels"]))
    return examples
