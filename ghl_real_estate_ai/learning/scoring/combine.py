"""Signals and the trained model into one score whose factors add up to it.

score = baseline + sum(factor points). Without a model, the factors are the signals. With one, the signals
keep (1 - w) of their points and the model adds w x (100 p - baseline), so the score is the blend
(1 - w) x signal score + w x 100 p, and each factor still shows how many points it moved.
"""

from __future__ import annotations

from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore, LeadTier, ScoreFactor
from ghl_real_estate_ai.learning.scoring.policy import ScoringPolicy

TOP_FACTORS = 5


def tier(value: int, policy: ScoringPolicy) -> LeadTier:
    if value >= policy.hot_at:
        return LeadTier.HOT
    return LeadTier.WARM if value >= policy.warm_at else LeadTier.COLD


def combine_score(
    signals: list[ScoreFactor],
    policy: ScoringPolicy,
    *,
    model_probability: float | None = None,
    model_version: int | None = None,
    model_factors: list[ScoreFactor] | None = None,
    model_note: str,
) -> EnhancedLeadScore:
    signal_score = _clamp(policy.baseline + sum(f.contribution for f in signals))
    factors = list(signals)
    if model_probability is not None:
        keep = 1 - policy.model_weight
        factors = [f.model_copy(update={"contribution": round(f.contribution * keep, 1)}) for f in signals]
        factors.append(
            ScoreFactor(
                name="trained model",
                contribution=round(policy.model_weight * (100 * model_probability - policy.baseline), 1),
                reason=f"model v{model_version}: {model_probability:.0%} chance of converting",
            )
        )
    value = round(_clamp(policy.baseline + sum(f.contribution for f in factors)))
    ranked = sorted((f for f in factors if f.contribution), key=lambda f: -abs(f.contribution))
    return EnhancedLeadScore(
        value=value,
        tier=tier(value, policy),
        factors=ranked,
        signal_score=round(signal_score, 1),
        model_version=model_version if model_probability is not None else None,
        model_probability=None if model_probability is None else round(model_probability, 4),
        model_factors=model_factors or [],
        model_note=model_note,
        explanation=", ".join(f"{f.reason} {f.contribution:+.0f}" for f in ranked[:TOP_FACTORS])
        or "no signal moved the score",
    )


def _clamp(points: float) -> float:
    return min(100.0, max(0.0, points))
