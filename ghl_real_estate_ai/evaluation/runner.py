"""Runs an engine over labeled examples and reports the taxonomy's metrics."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from ghl_real_estate_ai.domain.analysis import MessageAnalysis
from ghl_real_estate_ai.domain.conversation import AnalysisRequest
from ghl_real_estate_ai.domain.taxonomy import UrgencyLevel
from ghl_real_estate_ai.evaluation.dataset import LabeledExample, stitch_conversations
from ghl_real_estate_ai.evaluation.metrics import Counts, SlotScore, accuracy, macro_f1
from ghl_real_estate_ai.observability.percentile import percentile

Analyze = Callable[[AnalysisRequest], MessageAnalysis]
Pair = tuple[Any, Any]
NONE = None


class ClassScore(BaseModel):
    examples: int
    accuracy: float | None
    macro_f1: float | None


class UrgencyScore(ClassScore):
    within_one: float | None


class ObjectionScore(BaseModel):
    examples: int
    detection_precision: float | None
    detection_recall: float | None
    detection_f1: float | None
    type_examples: int
    type_accuracy: float | None


class PreferenceScore(BaseModel):
    examples: int
    precision: float | None
    recall: float | None
    f1: float | None
    unscored_slots: list[str] = []


class Latency(BaseModel):
    p50: float | None
    p99: float | None
    mean: float | None


class EvaluationReport(BaseModel):
    examples: int
    intent: ClassScore
    objection: ObjectionScore
    motivation: ClassScore
    decision_stage: ClassScore
    urgency: UrgencyScore
    sentiment: ClassScore
    # Against each example's `language` field (the language the prospect mostly writes in).
    language: ClassScore
    preferences: PreferenceScore
    latency_ms: Latency


def _predicted_labels(analysis: MessageAnalysis) -> dict[str, Any]:
    return {
        "primary_intent": analysis.primary_intent.label.value,
        "objection_type": analysis.objection.type.value if analysis.objection else None,
        "motivation": analysis.motivation.label.value if analysis.motivation else None,
        "decision_stage": analysis.decision_stage.label.value,
        "urgency_level": analysis.urgency_level.label.value,
        "sentiment": analysis.sentiment.label.value,
    }


def _class_score(pairs: list[Pair]) -> ClassScore:
    return ClassScore(examples=len(pairs), accuracy=accuracy(pairs), macro_f1=macro_f1(pairs))


def _within_one(pairs: list[Pair]) -> float | None:
    if not pairs:
        return None
    close = sum(abs(UrgencyLevel(g).rank - UrgencyLevel(p).rank) <= 1 for g, p in pairs)
    return close / len(pairs)


def _preference_score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> PreferenceScore:
    """Micro scores over the slots the file annotates.

    A slot that no example labels is outside the file's annotation scheme (a dialogue corpus converted
    without property types, say): a prediction there cannot be judged, so it is reported, not scored.
    """
    labeled = {slot for gold, _ in pairs for slot in gold}
    predicted = {slot for _, found in pairs for slot in found}
    score = SlotScore()
    for gold, found in pairs:
        score.add(gold, {slot: value for slot, value in found.items() if slot in labeled})
    return PreferenceScore(
        examples=len(pairs),
        precision=score.counts.precision,
        recall=score.counts.recall,
        f1=score.counts.f1,
        unscored_slots=sorted(predicted - labeled),
    )


def evaluate(examples: Iterable[LabeledExample], analyze: Analyze) -> EvaluationReport:
    pairs: dict[str, list[Pair]] = {
        key: []
        for key in (
            "primary_intent",
            "objection_type",
            "motivation",
            "decision_stage",
            "urgency_level",
            "sentiment",
        )
    }
    detection, type_pairs, latencies = Counts(), [], []
    language_pairs: list[Pair] = []
    preference_pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    count = 0
    for example in stitch_conversations(examples):
        count += 1
        started = time.perf_counter()
        analysis = analyze(example.to_request())
        latencies.append((time.perf_counter() - started) * 1000)
        predicted = _predicted_labels(analysis)
        for key, collected in pairs.items():
            if key in example.labels:
                collected.append((example.labels[key], predicted[key]))
        if example.language is not None:
            language_pairs.append((example.language.value, analysis.language.value))
        if "objection_type" in example.labels:
            gold = example.labels["objection_type"]
            detection.add(predicted["objection_type"] is not None, gold is not None)
            if gold is not None:
                type_pairs.append((gold, predicted["objection_type"]))
        if "preferences" in example.labels:
            preference_pairs.append(
                (example.labels["preferences"] or {}, analysis.preferences.stated_slots())
            )
    return EvaluationReport(
        examples=count,
        intent=_class_score(pairs["primary_intent"]),
        objection=ObjectionScore(
            examples=len(pairs["objection_type"]),
            detection_precision=detection.precision,
            detection_recall=detection.recall,
            detection_f1=detection.f1,
            type_examples=len(type_pairs),
            type_accuracy=accuracy(type_pairs),
        ),
        motivation=_class_score([(g or "none", p or "none") for g, p in pairs["motivation"]]),
        decision_stage=_class_score(pairs["decision_stage"]),
        urgency=UrgencyScore(
            **_class_score(pairs["urgency_level"]).model_dump(),
            within_one=_within_one(pairs["urgency_level"]),
        ),
        sentiment=_class_score(pairs["sentiment"]),
        language=_class_score(language_pairs),
        preferences=_preference_score(preference_pairs),
        latency_ms=Latency(
            p50=percentile(latencies, 50),
            p99=percentile(latencies, 99),
            mean=sum(latencies) / len(latencies) if latencies else None,
        ),
    )
