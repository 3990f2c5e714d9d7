"""The spec's Python API, used the way the spec's own examples use it."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.services.claude_agent_service import ClaudeAgentService


# The spec's "Testing Patterns" test, as written there.
@pytest.mark.asyncio
async def test_real_time_coaching():  # type: ignore[no-untyped-def]
    coach_service = ClaudeAgentService()

    result = await coach_service.get_real_time_coaching(
        agent_id="test_agent",
        conversation_context={"stage": "discovery"},
        prospect_message="I'm not sure about the price",
        conversation_stage="discovery",
    )

    assert result["objection_detected"] is True
    assert len(result["suggestions"]) > 0
    assert result["urgency_level"] in ["low", "medium", "high", "critical"]
    assert 0 <= result["confidence_score"] <= 100


class TestClaudeAgentService:
    async def test_results_read_as_attributes_and_as_mappings(self, local_engine) -> None:  # type: ignore[no-untyped-def]
        result = await ClaudeAgentService(local_engine).get_real_time_coaching(
            agent_id="a1", conversation_context={}, prospect_message="My wife needs to see it first"
        )
        assert result.objection_detected is result["objection_detected"] is True
        assert result.objection_type == result["objection_type"] == "decision_maker"
        with pytest.raises(KeyError):
            result["no_such_field"]

    async def test_analyze_objection_classifies_and_gives_strategies(self, local_engine) -> None:  # type: ignore[no-untyped-def]
        result = await ClaudeAgentService(local_engine).analyze_objection(
            objection_text="We're going to wait until rates come down",
            lead_context={"budget_range": "400k-500k"},
            conversation_history=[{"speaker": "agent", "message": "Ready to make an offer?"}],
        )
        assert result["objection_type"] == "market_conditions"
        assert result["response_suggestions"] and result["follow_up_strategy"]

    async def test_next_question_never_repeats_what_is_answered(self, local_engine) -> None:  # type: ignore[no-untyped-def]
        result = await ClaudeAgentService(local_engine).suggest_next_question(
            qualification_progress={"budget_range": "450k", "financing_status": "preapproved"},
            conversation_flow=[{"speaker": "prospect", "message": "We'd like to move in by June"}],
            lead_profile={"bedrooms": 3},
        )
        asked = {q.slot for q in result["questions"]}
        assert asked
        assert not asked & {"budget_range", "financing_status", "size", "move_timeline"}
        gains = [q.expected_information_gain for q in result.questions]
        assert gains == sorted(gains, reverse=True)
        assert 0 < result.completeness < 1
