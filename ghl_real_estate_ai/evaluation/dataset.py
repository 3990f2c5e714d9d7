from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Language, Speaker

Labels = dict[str, Any]
Turns = list[ConversationTurn]


class LabeledExample(BaseModel):
    """One line of a labeled JSONL file. Labels stay raw: absence and null mean different things."""

    model_config = ConfigDict(extra="ignore")

    id: str
    reference_date: date
    # None when the line does not say: such an example is left out of the language score.
    language: Language | None = None
    context: list[ConversationTurn] = Field(default_factory=list)
    message: str
    labels: Labels = Field(default_factory=dict)

    def to_request(self) -> AnalysisRequest:
        return AnalysisRequest(message=self.message, context=self.context, reference_date=self.reference_date)


def read_examples(path: Path) -> Iterator[LabeledExample]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield LabeledExample.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValueError) as error:
                raise ValueError(f"{path}:{number}: not a labeled example: {error}") from error


MAX_HISTORY = 200
MIN_OVERLAP = 2


def stitch_conversations(examples: Iterable[LabeledExample]) -> Iterator[LabeledExample]:
    """Give each example the whole conversation so far, as the service would have seen it.

    Labeled files often cut `context` to the last few turns while their preference labels cover the
    whole dialogue. When an example's context picks up where the previous example's transcript ends
    (its first turns repeat that transcript's last ones), the two are one conversation and the earlier
    turns are restored. Independent examples share no turns and pass through unchanged.
    """
    transcript: list[ConversationTurn] = []
    previous_id = ""
    for example in examples:
        history = _continuation(transcript, example.context)
        if history is None and transcript and _same_dialogue(previous_id, example.id):
            # Ids like "dlg-17-4" after "dlg-17-2" number the turns of one dialogue: when the turns
            # between them are not in the file, what is known still comes first.
            history = [*transcript, *_after_shared_start(transcript, example.context)]
        previous_id = example.id
        if history is not None:
            example = example.model_copy(update={"context": history[-MAX_HISTORY:]})
        transcript = [*example.context, ConversationTurn(speaker=Speaker.PROSPECT, message=example.message)]
        yield example


# "sgd-train-30_00097-4": dialogue "sgd-train-30_00097", turn 4. The dialogue part must carry a number
# of its own, so "dev-0012" (the twelfth example of a file) is not read as turn 12 of dialogue "dev".
def _turn_id(example_id: str) -> tuple[str, int] | None:
    """(dialogue, turn) of a numbered turn id; no regex, so a long id never costs quadratic time."""
    dialogue, dash, turn = example_id.rpartition("-")
    if not dash or not turn.isdigit() or not any(c.isdigit() for c in dialogue):
        return None
    return dialogue, int(turn)


def _same_dialogue(previous: str, current: str) -> bool:
    before, after = _turn_id(previous), _turn_id(current)
    if before is None or after is None or before[0] != after[0]:
        return False
    return after[1] > before[1]


def _after_shared_start(transcript: Turns, context: Turns) -> Turns:
    """The context without its first turns when they repeat the transcript's last ones (one or more)."""
    for overlap in range(min(len(transcript), len(context)), 0, -1):
        if _same_turns(transcript[-overlap:], context[:overlap]):
            return context[overlap:]
    return context


def _continuation(transcript: Turns, context: Turns) -> Turns | None:
    """The transcript extended by the context's new turns, if the context continues the transcript."""
    if not transcript or not context:
        return None
    # At least two shared turns: a single "ok" in common is a coincidence, not a continuation.
    for overlap in range(min(len(transcript), len(context)), MIN_OVERLAP - 1, -1):
        if _same_turns(transcript[-overlap:], context[:overlap]):
            return [*transcript, *context[overlap:]]
    return None


def _same_turns(left: Turns, right: Turns) -> bool:
    return all(a.speaker == b.speaker and a.message == b.message for a, b in zip(left, right, strict=True))
