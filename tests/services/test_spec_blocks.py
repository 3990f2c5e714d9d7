"""The spec's own code blocks, run as the spec writes them (Integration Patterns and Core Components)."""

from __future__ import annotations

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.realtime.messages import EventMessage
from ghl_real_estate_ai.services.service_registry import ServiceRegistry
from tests.services.test_realtime_websocket_hub import drain, events


class TestServiceRegistryBlock:
    async def test_the_registry_block_runs_as_written(self, local_engine: LocalEngine) -> None:
        context = {"lead_id": "lead_1", "conversation_id": "conv_1"}
        message = "Is the price negotiable? It seems high for the area"
        messages = [{"speaker": "prospect", "message": "We want a 3 bedroom house in Austin under 450k"}]

        # --- the spec's block, verbatim ---
        # Get Claude services through unified registry
        registry = ServiceRegistry(location_id="loc_123")

        # Real-time coaching
        coaching_result = await registry.get_real_time_coaching(
            agent_id="agent_456",
            conversation_context=context,
            prospect_message=message,
            conversation_stage="discovery",
        )

        # Semantic analysis
        analysis_result = await registry.analyze_lead_semantics(conversation_messages=messages)

        # Qualification flow
        qualification_result = await registry.start_intelligent_qualification(
            contact_id="contact_789", contact_name="John Doe", initial_message="Looking for a family home"
        )
        # --- end of the block ---

        assert coaching_result["objection_detected"] is True
        assert coaching_result["objection_type"] == "price_concern"
        assert analysis_result["intent_analysis"]["primary_intent"] == "property_search"
        assert analysis_result["semantic_preferences"]["bedrooms"] == 3
        assert qualification_result["contact_name"] == "John Doe"
        assert qualification_result["next_question"] is not None


class TestWebSocketBlock:
    async def test_the_websocket_block_runs_as_written_and_reaches_the_agent(
        self, local_engine: LocalEngine
    ) -> None:
        registry = ServiceRegistry(location_id="loc_123", engine=local_engine)
        agent_id, location_id = "agent_456", "loc_123"
        conn_id = registry.websocket_hub.connect(agent_id, location_id).id
        suggestions = ["Ask what budget range feels comfortable", "Offer a payment breakdown"]

        # --- the spec's block, verbatim ---
        # Subscribe to coaching updates
        websocket_hub = registry.websocket_hub
        await websocket_hub.subscribe_to_coaching(connection_id=conn_id, agent_id=agent_id)

        # Broadcast coaching suggestions
        await websocket_hub.broadcast_coaching_suggestions(
            agent_id=agent_id,
            tenant_id=location_id,
            coaching_suggestions=suggestions,
            urgency="medium",
            conversation_stage="discovery",
        )
        # --- end of the block ---

        connection = websocket_hub.connections[conn_id]
        [event] = events(await drain(connection.queue))
        assert isinstance(event, EventMessage)
        assert event.topic == f"coaching.{agent_id}.suggestions"
        assert event.data["suggestions"] == suggestions

    async def test_coaching_made_through_the_registry_reaches_its_hub(
        self, local_engine: LocalEngine
    ) -> None:
        registry = ServiceRegistry(location_id="loc_123", engine=local_engine)
        connection = registry.websocket_hub.connect("agent_456", "loc_123")
        await registry.websocket_hub.subscribe_to_coaching(connection_id=connection.id, agent_id="agent_456")
        await registry.get_real_time_coaching(
            agent_id="agent_456", conversation_context={}, prospect_message="The price seems too high"
        )
        topics = {event.topic for event in events(await drain(connection.queue))}
        assert "coaching.agent_456.suggestions" in topics


class TestConfigurationBlocks:
    def test_claude_config_is_importable_where_the_spec_puts_it_with_the_values_in_force(self) -> None:
        from ghl_real_estate_ai.services.claude_agent_service import CLAUDE_CONFIG
        from ghl_real_estate_ai.settings import ClaudeConfig

        assert set(CLAUDE_CONFIG) == {
            "model",
            "max_tokens",
            "temperature",
            "system_prompt",
            "timeout",
            "retry_attempts",
        }
        assert CLAUDE_CONFIG["model"] == ClaudeConfig().model
        assert "real estate" in str(CLAUDE_CONFIG["system_prompt"]).lower()

    def test_qualification_areas_are_importable_where_the_spec_puts_them(self) -> None:
        from ghl_real_estate_ai.services.qualification_orchestrator import QUALIFICATION_AREAS

        assert list(QUALIFICATION_AREAS) == ["budget", "timeline", "preferences", "motivation", "contact"]
        assert sum(int(str(area["weight"])) for area in QUALIFICATION_AREAS.values()) == 100
        assert QUALIFICATION_AREAS["budget"]["stage_threshold"] == "qualified"
        assert QUALIFICATION_AREAS["budget"]["questions"] == [
            "budget_range",
            "financing_status",
            "down_payment",
        ]


class TestProgressTopic:
    async def test_each_prospect_message_publishes_qualification_completeness(
        self, local_engine: LocalEngine
    ) -> None:
        registry = ServiceRegistry(location_id="loc_123", engine=local_engine)
        connection = registry.websocket_hub.connect("agent_9", "loc_123")
        await registry.websocket_hub.subscribe_to_coaching(connection_id=connection.id, agent_id="agent_9")
        completeness = []
        for message in ("hi there", "We're preapproved and want a 3 bedroom house in Austin under 450k"):
            await registry.get_real_time_coaching(
                agent_id="agent_9", conversation_context={}, prospect_message=message
            )
            [progress] = [e for e in events(await drain(connection.queue)) if e.topic.endswith(".progress")]
            completeness.append(progress.data["overall_completeness"])
            assert {area["area"] for area in progress.data["areas"]} >= {"budget", "timeline"}
        assert completeness[1] > completeness[0]
