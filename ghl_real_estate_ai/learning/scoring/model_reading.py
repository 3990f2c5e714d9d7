"""The trained model's reading of one contact, with the fields that moved it.

A field's contribution is measured by occlusion: the model scores the contact again with that field unknown,
and the difference (in score points) is what knowing the field added. All variants go in one batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from threadpoolctl import ThreadpoolController

from ghl_real_estate_ai.domain.lead_score import ScoreFactor
from ghl_real_estate_ai.learning.tabular.table import Table, is_missing
from ghl_real_estate_ai.learning.tabular.trainer import OutcomeModel

TOP_MODEL_FACTORS = 5


@dataclass(frozen=True)
class ModelReading:
    probability: float
    factors: list[ScoreFactor]
    known_fields: int


def model_inputs(model: OutcomeModel) -> list[str]:
    encoder = model.encoder
    return [*encoder.numeric, *encoder.categorical, *encoder.text]


def read_with_model(model: OutcomeModel, fields: Mapping[str, str], weight: float) -> ModelReading | None:
    """None when the contact has none of the fields the model learned from (its reading would be a guess)."""
    inputs = model_inputs(model)
    values: dict[str, str | None] = {}
    for name in inputs:
        raw = fields.get(name)
        values[name] = None if raw is None or is_missing(raw) else raw.strip()
    known = [name for name in inputs if values[name] is not None]
    if not known:
        return None
    rows = [values] + [{**values, name: None} for name in known]
    table = Table({name: [row[name] for row in rows] for name in inputs}, fingerprint="contact")
    # One OpenMP thread, as for training: on the shared 2-core machine a threaded read of one contact
    # (5 calibrated boosters) took up to 1.9 s instead of 50-100 ms while the team spin-waited for cores.
    with _threads().limit(limits=1, user_api="openmp"):
        probabilities = model.probabilities(table)
    full = float(probabilities[0])
    factors = [
        ScoreFactor(
            name=name,
            contribution=round(weight * 100 * (full - float(without)), 1),
            reason=f"{name} = {values[name]}",
        )
        for name, without in zip(known, probabilities[1:], strict=True)
    ]
    factors.sort(key=lambda f: -abs(f.contribution))
    return ModelReading(full, [f for f in factors if f.contribution][:TOP_MODEL_FACTORS], len(known))


@cache
def _threads() -> ThreadpoolController:
    """Made once, when first needed (it looks up the loaded libraries; the limit itself is then ~0.02 ms)."""
    return ThreadpoolController()
