from __future__ import annotations

from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.claude_semantic_analyzer import ClaudeSemanticAnalyzer
from ghl_real_estate_ai.services.service_registry import ServiceRegistry
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.repositories import AnalysisRepository
from tests.conftest import make_tenant


class TestClaudeSemanticAnalyzer:
    async def test_lead_intent_accepts_the_webhook_examples_keyword(self, local_engine: LocalEngine) -> None:
        result = await ClaudeSemanticAnalyzer(local_engine).analyze_lead_intent(
            conversation=[{"speaker": "prospect", "message": "I want to sell my house this summer"}]
        )
        assert result["primary_intent"] == "sell_property"

    async def test_preferences_accumulate_over_messages(self, local_engine: LocalEngine) -> None:
        result = await ClaudeSemanticAnalyzer(local_engine).extract_semantic_preferences(
            ["Looking for a condo in Miami", "2 bedrooms, 2 baths", "budget up to $500k"]
        )
        assert result.property_type == "condo"
        assert result.locations == ["Miami"]
        assert (result.bedrooms, result.bathrooms, result.budget_max) == (2, 2, 500_000)

    async def test_qualification_completeness_grows_with_what_is_known(
        self, local_engine: LocalEngine
    ) -> None:
        analyzer = ClaudeSemanticAnalyzer(local_engine)
        empty = await analyzer.assess_semantic_qualification({})
        known = await analyzer.assess_semantic_qualification(
            {
                "budget_max": 450000,
                "preapproved": True,
                "timeline_months": 3,
                "bedrooms": 3,
                "locations": ["Austin"],
            }
        )
        assert empty.overall_completeness == 0
        assert known.overall_completeness > empty.overall_completeness
        assert "budget.budget_range" in empty.missing_critical
        assert "budget.budget_range" not in known.missing_critical


class TestServiceRegistry:
    async def test_registry_coaching_is_stored_under_its_location(
        self, local_engine: LocalEngine, database: Database
    ) -> None:
        tenant = await make_tenant(database)
        registry = ServiceRegistry(location_id=tenant.location_id, engine=local_engine, database=database)
        result = await registry.get_real_time_coaching(
            agent_id="agent_456",
            conversation_context={"lead_id": "lead_1"},
            prospect_message="Is the price negotiable? It seems high",
            conversation_stage="discovery",
        )
        async with database.session() as session:
            stored = await AnalysisRepository(session, tenant.location_id).revisions(result.analysis_id or "")
            elsewhere = await AnalysisRepository(session, "loc_other").revisions(result.analysis_id or "")
        assert [row.revision for row in stored] == [1]
        assert elsewhere == []
