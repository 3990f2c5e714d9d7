"""What we write back to a GHL contact after reading a message: a pure function of the reading and plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ghl_real_estate_ai.domain.actions import ActionPlan
from ghl_real_estate_ai.domain.ghl import (
    AddNote,
    AddTags,
    AddTask,
    GhlPolicy,
    OutboxCommand,
    UpdateFields,
)
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis
from ghl_real_estate_ai.learning.scoring import ScoringPolicy, combine_score, signal_factors
from ghl_real_estate_ai.learning.scoring.reading import signals_reading

HOT_LEAD_HANDOFF = timedelta(hours=1)
POLICY = ScoringPolicy()


@dataclass(frozen=True)
class LeadScore:
    """The enhanced lead score (GHL's `ai_score`) with its reasons, beside the planner's priority."""

    score: int
    tier: str
    explanation: str
    priority: int
    priority_tier: str
    priority_explanation: str


def lead_score(plan: ActionPlan, semantic: SemanticAnalysis) -> LeadScore:
    """Scored on the conversation's signals: a GHL message carries no CRM fields for a trained model."""
    completeness = {f.name: f.value for f in plan.priority_factors}.get("qualification_completeness")
    contact = {} if completeness is None else {"qualification_completeness": completeness * 100}
    scored = combine_score(
        signal_factors(signals_reading(contact, semantic), POLICY),
        POLICY,
        model_note="GHL write-back: signals only",
    )
    factors = ", ".join(f"{factor.name} {factor.contribution:+.0f}" for factor in plan.priority_factors)
    return LeadScore(
        score=scored.value,
        tier=scored.tier.value,
        explanation=scored.explanation,
        priority=round(plan.priority_score),
        priority_tier=plan.priority_tier.value,
        priority_explanation=factors or "no factors",
    )


def write_back(
    semantic: SemanticAnalysis,
    plan: ActionPlan,
    score: LeadScore,
    policy: GhlPolicy,
    *,
    assigned_to: str | None,
    now: datetime,
) -> list[OutboxCommand]:
    """Fields, tags and a note always; the next action as a task when outreach is allowed; a hand-off
    task for a hot lead."""
    intent = semantic.intent_analysis
    next_action = plan.immediate_actions[0] if plan.immediate_actions else None
    hot = policy.is_hot(score.score)
    commands: list[OutboxCommand] = [
        UpdateFields(
            fields={
                "claude_intent": intent.primary_intent.value,
                "ai_score": str(score.score),
                "urgency_level": intent.urgency_level.value,
                "next_action": next_action.description if next_action else "",
            }
        ),
        AddTags(tags=[policy.analyzed_tag, *([policy.hot_lead_tag] if hot else [])]),
        AddNote(
            body=(
                f"AI summary: intent {intent.primary_intent.value} ({intent.intent_confidence}%), "
                f"urgency {intent.urgency_level.value} ({intent.urgency_score}), "
                f"sentiment {intent.sentiment.value}, stage {plan.qualification_stage.value}.\n"
                f"Lead score {score.score}/100 ({score.tier}): {score.explanation}.\n"
                f"Priority {score.priority}/100, {score.priority_tier} priority: "
                f"{score.priority_explanation}."
            )
        ),
    ]
    if next_action is not None and plan.outreach_allowed:
        commands.append(
            AddTask(title=next_action.description[:200], due_at=next_action.due_at, body=next_action.reason)
        )
    if hot:
        commands.append(
            AddTask(
                title=f"Hot lead (score {score.score}): hand-off to the assigned agent",
                due_at=now + HOT_LEAD_HANDOFF,
                body=score.explanation,
                assigned_to=assigned_to,
            )
        )
    return commands
