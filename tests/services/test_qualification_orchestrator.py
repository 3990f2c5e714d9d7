from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ghl_real_estate_ai.domain.qualification import QualificationReply, QualificationStage
from ghl_real_estate_ai.intelligence.local.engine import LocalEngine
from ghl_real_estate_ai.services.analysis_service import TenantScope
from ghl_real_estate_ai.services.service_registry import ServiceRegistry
from ghl_real_estate_ai.storage.database import Database
from ghl_real_estate_ai.storage.qualification_tables import QualificationFlowRow
from tests.conftest import make_tenant

SCRIPT = (
    "Our budget is around 550k, we're pre-approved and putting 20% down",
    "We want to move within 3 months, our lease ends in June and the date is firm",
    "A 4 bedroom house in Austin with a yard and a garage",
)


class SteppingClock:
    """Each reading is one minute after the last."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class TestServiceRegistry:
    async def test_without_a_database_the_flow_is_computed_and_not_stored(
        self, local_engine: LocalEngine
    ) -> None:
        registry = ServiceRegistry("loc_123", engine=local_engine)
        flow = await registry.start_intelligent_qualification(
            contact_id="contact_789", contact_name="John Doe", initial_message="Looking for a family home"
        )
        assert flow.stored is False
        assert flow["contact_name"] == "John Doe"
        assert flow.next_question is not None and flow.next_question.area == "budget"

    async def test_with_a_database_the_flow_is_stored_under_the_location(
        self, local_engine: LocalEngine, database: Database
    ) -> None:
        tenant = await make_tenant(database)
        registry = ServiceRegistry(tenant.location_id, engine=local_engine, database=database)
        flow = await registry.start_intelligent_qualification("contact_789", "John Doe", SCRIPT[0])
        async with database.session() as session:
            row = await session.get(QualificationFlowRow, flow.flow_id)
        assert flow.stored is True
        assert row is not None and row.location_id == tenant.location_id
        assert row.stage == QualificationStage.QUALIFYING


class TestInjectedClock:
    async def test_time_to_qualified_is_measured_on_the_services_clock(
        self, local_engine: LocalEngine, database: Database
    ) -> None:
        tenant = await make_tenant(database)
        clock = SteppingClock(datetime(2025, 3, 1, 9, tzinfo=UTC))
        registry = ServiceRegistry(tenant.location_id, engine=local_engine, database=database, clock=clock)
        flow = await registry.start_intelligent_qualification("c1", "Ana")
        for message in SCRIPT:
            async with database.session() as session:
                flow = await registry.qualification.respond(
                    TenantScope(session, tenant.location_id),
                    flow.flow_id,
                    QualificationReply(message=message),
                )
        assert flow.stage is QualificationStage.QUALIFIED
        async with database.session() as session:
            figures = await registry.qualification.analytics(TenantScope(session, tenant.location_id))
            row = (
                await session.execute(
                    select(QualificationFlowRow).where(QualificationFlowRow.id == flow.flow_id)
                )
            ).scalar_one()
        assert row.created_at == datetime(2025, 3, 1, 9, 1, tzinfo=UTC)
        assert figures.median_seconds_to_qualified == (row.qualified_at - row.created_at).total_seconds()
        assert figures.median_seconds_to_qualified == 3 * 60  # one clock reading per operation
