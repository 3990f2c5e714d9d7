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

HOT_LEAD_HANDOFF = timedelta(hours=1)


@dataclass(frozen=True)
class LeadScore:
    """The planner's priority with the factors that made it: the figure GHL shows as `ai_score`."""

    score: int
    tier: str
    explanation: str


def lead_score(plan: ActionPlan) -> LeadScore:
    factors = ", ".join(f"{factor.name} {factor.contribution:+.0f}" for factor in plan.priority_factors)
    return LeadScore(
        score=round(plan.priority_score),
        tier=plan.priority_tier.value,
        explanation=factors or "no factors",
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
                f"Lead score {score.score}/100, {score.tier} priority: {score.explanation}."
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
