from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ghl_real_estate_ai.domain.conversation import AnalysisRequest, ConversationTurn
from ghl_real_estate_ai.domain.taxonomy import Language

Labels = dict[str, Any]


class LabeledExample(BaseModel):
    """One line of a labeled JSONL file. Labels stay raw: absence and null mean different things."""

    model_config = ConfigDict(extra="ignore")

    id: str
    reference_date: date
    language: Language = Language.EN
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
