"""The spec's Python API: ClaudeActionPlanner.create_action_plan, with and without a database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ghl_real_estate_ai.domain.actions import ActionPlan, Channel
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.claude_action_planner import ClaudeActionPlanner
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.services.service_registry import ServiceRegistry
from ghl_real_estate_ai.storage.action_tables import ActionRecord
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.models import Contact
from tests.conftest import make_tenant

NOON_IN_NEW_YORK = datetime(2026, 1, 14, 17, 0, tzinfo=UTC)


def fixed() -> datetime:
    return NOON_IN_NEW_YORK


class TestTheSpecsWebhookExample:
    async def test_a_semantic_analysis_becomes_a_plan_whose_first_action_has_a_description(
        self, local_engine: LocalEngine
    ) -> None:
        analyzer = ClaudeSemanticAnalyzer(local_engine)
        planner = ClaudeActionPlanner(local_engine, clock=fixed)
        semantic_analysis = await analyzer.analyze_lead_intent(
            conversation=[{"speaker": "prospect", "message": "We must sell our house within two weeks"}]
        )
        action_plan = await planner.create_action_plan(
            contact_id="ghl-contact-1", context=semantic_analysis, qualification_data=None
        )
        assert isinstance(action_plan, ActionPlan)
        assert action_plan["immediate_actions"][0]["description"]
        assert action_plan.priority_factors and action_plan["risks"] and action_plan["follow_up_schedule"]

    async def test_a_mapping_with_messages_and_signals_is_accepted(self, local_engine: LocalEngine) -> None:
        planner = ClaudeActionPlanner(local_engine, clock=fixed)
        plan = await planner.create_action_plan(
            "lead-1",
            {
                "conversation_messages": [{"speaker": "prospect", "message": "Please stop texting me"}],
                "timezone": "Europe/Madrid",
                "opted_out": True,
            },
            {"overall_completeness": 40, "qualification_stage": "warm"},
        )
        assert plan.timezone == "Europe/Madrid" and plan.qualification_stage == "warm"
        assert all(action.channel is Channel.TASK for action in plan.immediate_actions)

    async def test_an_unknown_time_zone_is_refused(self, local_engine: LocalEngine) -> None:
        planner = ClaudeActionPlanner(local_engine, clock=fixed)
        with pytest.raises(ValueError, match="time zone"):
            await planner.create_action_plan(
                "lead-1", {"conversation_messages": [{"message": "hi"}], "timezone": "Nowhere/City"}
            )


class TestThroughTheServiceRegistry:
    async def test_plans_are_stored_under_the_registrys_location_with_the_contacts_signals(
        self, database: Database, local_engine: LocalEngine
    ) -> None:
        tenant = await make_tenant(database)
        registry = ServiceRegistry(tenant.location_id, engine=local_engine, database=database)
        plan = await registry.action_planner.create_action_plan(
            "lead-registry",
            {
                "conversation_messages": [{"message": "We want to buy a condo in Denver next month"}],
                "timezone": "America/Denver",
                "answered_channels": {"email": 3},
            },
        )
        assert plan.plan_id is not None
        async with database.session() as session:
            contact = (
                await session.execute(
                    select(Contact).where(
                        Contact.location_id == tenant.location_id, Contact.external_id == "lead-registry"
                    )
                )
            ).scalar_one()
            stored = (
                (await session.execute(select(ActionRecord).where(ActionRecord.contact_id == contact.id)))
                .scalars()
                .all()
            )
        assert contact.timezone == "America/Denver" and contact.channel_replies == {
            "sms": 0,
            "email": 3,
            "call": 0,
        }
        assert {a.location_id for a in stored} == {tenant.location_id}
        assert {a.id for a in stored} >= {a.action_id for a in plan.immediate_actions}
