"""A long-lived caller (the GHL worker) keeps each location's active model loaded, and still follows
which version is active."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.learning.tabular import train_model
from ghl_real_estate_ai.learning.tabular.table import parse_csv_table
from ghl_real_estate_ai.learning.tabular.trainer import TrainedModel, TrainingPolicy
from ghl_real_estate_ai.services.lead_model_service import ActiveModels, LeadModelService, LoadedModel
from ghl_real_estate_ai.storage.database import Database
from tests.conftest import Tenant
from tests.learning.tabular.synthetic import export
from tests.support.tenants import make_tenant


@pytest.fixture(scope="module")
def trained() -> TrainedModel:
    return train_model(
        parse_csv_table(export(200)),
        "Converted",
        policy=TrainingPolicy(cv_folds=3, calibration_folds=3, max_iter=20),
    )


async def store(database: Database, location_id: str, trained: TrainedModel) -> int:
    async with database.session() as session:
        return (await LeadModelService(session).store(location_id, trained)).version


async def active(database: Database, models: ActiveModels, location_id: str) -> LoadedModel | None:
    async with database.session() as session:
        return await models.get(session, location_id)


class TestActiveModels:
    async def test_the_active_model_is_loaded_once_and_a_newly_active_version_is_used_next(
        self, database: Database, tenant: Tenant, trained: TrainedModel
    ) -> None:
        models = ActiveModels()
        assert await active(database, models, tenant.location_id) is None
        await store(database, tenant.location_id, trained)
        first = await active(database, models, tenant.location_id)
        assert first is not None and first.summary.version == 1
        assert await active(database, models, tenant.location_id) is first

        # The same data cross-validates as well, so the new version becomes the active one.
        assert await store(database, tenant.location_id, trained) == 2
        second = await active(database, models, tenant.location_id)
        assert second is not None and second.summary.version == 2

        async with database.session() as session:
            await LeadModelService(session).activate(tenant.location_id, 1)
        assert await active(database, models, tenant.location_id) is first

    async def test_only_the_most_recently_used_models_are_kept(
        self, database: Database, tenant: Tenant, trained: TrainedModel
    ) -> None:
        models = ActiveModels(size=1)
        await store(database, tenant.location_id, trained)
        first = await active(database, models, tenant.location_id)
        await store(database, tenant.location_id, trained)
        await active(database, models, tenant.location_id)
        async with database.session() as session:
            await LeadModelService(session).activate(tenant.location_id, 1)
        again = await active(database, models, tenant.location_id)
        assert again is not None and again is not first and again.summary.version == 1

    async def test_another_locations_model_is_never_returned(
        self, database: Database, tenant: Tenant, trained: TrainedModel
    ) -> None:
        models = ActiveModels()
        await store(database, tenant.location_id, trained)
        assert await active(database, models, tenant.location_id) is not None
        other = await make_tenant(database)
        assert await active(database, models, other.location_id) is None
