"""What we write back to a GHL contact after reading a message: a pure function of the reading, the plan and
the lead score."""

from __future__ import annotations

from collections.abc import Mapping
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
from ghl_real_estate_ai.domain.lead_score import EnhancedLeadScore
from ghl_real_estate_ai.domain.semantic import SemanticAnalysis

HOT_LEAD_HANDOFF = timedelta(hours=1)
NOTE_MODEL_REASONS = 3


@dataclass(frozen=True)
class LeadScore:
    """The enhanced lead score (GHL's `ai_score`) with its reasons, beside the planner's priority."""

    score: int
    tier: str
    explanation: str
    # Whether the location's trained model took part, and its version ("model v2 applied on 3 known
    # fields"), or why not ("no trained model for this location yet: signals only").
    model_note: str
    # The fields that moved the model most, signed ("Lead Source = Referral +6"); empty without it.
    model_reasons: str
    priority: int
    priority_tier: str
    priority_explanation: str


def scorer_contact(plan: ActionPlan, crm_fields: Mapping[str, str]) -> dict[str, object]:
    """What the scorer reads of a GHL contact: its kept CRM fields (as custom fields, so none is taken
    for a stated preference) and the plan's qualification completeness (0-1 there, 0-100 here)."""
    completeness = {f.name: f.value for f in plan.priority_factors}.get("qualification_completeness")
    contact: dict[str, object] = {"custom_fields": dict(crm_fields)}
    if completeness is not None:
        contact["qualification_completeness"] = completeness * 100
    return contact


def lead_score(plan: ActionPlan, scored: EnhancedLeadScore) -> LeadScore:
    factors = ", ".join(f"{factor.name} {factor.contribution:+.0f}" for factor in plan.priority_factors)
    return LeadScore(
        score=scored.value,
        tier=scored.tier.value,
        explanation=scored.explanation,
        model_note=scored.model_note,
        model_reasons=", ".join(
            f"{f.reason} {f.contribution:+.0f}" for f in scored.model_factors[:NOTE_MODEL_REASONS]
        ),
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
        AddNote(body=_note(semantic, plan, score)),
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


def _note(semantic: SemanticAnalysis, plan: ActionPlan, score: LeadScore) -> str:
    intent = semantic.intent_analysis
    lines = [
        f"AI summary: intent {intent.primary_intent.value} ({intent.intent_confidence}%), "
        f"urgency {intent.urgency_level.value} ({intent.urgency_score}), "
        f"sentiment {intent.sentiment.value}, stage {plan.qualification_stage.value}.",
        f"Lead score {score.score}/100 ({score.tier}; {score.model_note}): {score.explanation}.",
    ]
    if score.model_reasons:
        lines.append(f"Model fields (points each adds over not knowing it): {score.model_reasons}.")
    lines.append(
        f"Priority {score.priority}/100, {score.priority_tier} priority: {score.priority_explanation}."
    )
    return "\n".join(lines)
