"""Stored outcome models of a location: keep a trained one as the next version, list, activate, load."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ghl_real_estate_ai.domain.learning import ColumnReport, LeadModelSummary, ModelMetrics
from ghl_real_estate_ai.learning.tabular.trainer import OutcomeModel, TrainedModel
from ghl_real_estate_ai.storage.lead_model_repository import LeadModelRepository
from ghl_real_estate_ai.storage.learning_tables import LeadModelRecord

# Models kept loaded per process (one per location in use; X Education's is 1.6 MB pickled).
ACTIVE_MODELS_KEPT = 32


@dataclass(frozen=True)
class LoadedModel:
    model: OutcomeModel
    summary: LeadModelSummary


class LeadModelService:
    def __init__(self, session: AsyncSession) -> None:
        self.repository = LeadModelRepository(session)

    async def store(self, location_id: str, trained: TrainedModel) -> LeadModelSummary:
        """Keep as the next version; activate it unless the active one cross-validated better.

        A new model never silently replaces a better one: it is stored, and `model activate` can pick it.
        """
        record = await self.repository.add(
            LeadModelRecord(
                location_id=location_id,
                version=0,
                active=False,
                target=trained.model.target,
                positive_level=trained.model.positive_level,
                cv_metrics=trained.cv.model_dump(),
                folds=trained.folds,
                data_fingerprint=trained.fingerprint,
                library_versions=trained.library_versions,
                report={
                    "columns": [c.model_dump() for c in trained.columns],
                    "warnings": trained.warnings,
                },
                # Pickle is read back only from this database, which only this service writes.
                artifact=pickle.dumps(trained.model, protocol=pickle.HIGHEST_PROTOCOL),
            )
        )
        current = await self.repository.active(location_id)
        if current is None or ModelMetrics(**current.cv_metrics).auc <= trained.cv.auc:
            await self.repository.activate(location_id, record.version)
        return summarize(record)

    async def versions(self, location_id: str) -> list[LeadModelSummary]:
        return [summarize(r) for r in await self.repository.versions(location_id)]

    async def activate(self, location_id: str, version: int) -> LeadModelSummary | None:
        record = await self.repository.activate(location_id, version)
        return None if record is None else summarize(record)

    async def active(self, location_id: str) -> LoadedModel | None:
        record = await self.repository.active(location_id)
        return None if record is None else load(record)


class ActiveModels:
    """The locations' active models, unpickled once per stored version in this process.

    Each call still asks which version is active (one indexed query, without the artifact), so a new or
    activated version is used from the next call on. Measured on X Education's model (1.6 MB): loading
    it took 29 ms a time, which a GHL worker would otherwise pay on every message.
    """

    def __init__(self, size: int = ACTIVE_MODELS_KEPT) -> None:
        self.size = size
        self._loaded: OrderedDict[str, LoadedModel] = OrderedDict()

    async def get(self, session: AsyncSession, location_id: str) -> LoadedModel | None:
        repository = LeadModelRepository(session)
        record_id = await repository.active_id(location_id)
        if record_id is None:
            return None
        loaded = self._loaded.get(record_id)
        if loaded is None:
            record = await repository.by_id(location_id, record_id)
            if record is None:
                return None  # deactivated in between
            loaded = load(record)
            self._loaded[record_id] = loaded
            if len(self._loaded) > self.size:
                self._loaded.popitem(last=False)
        self._loaded.move_to_end(record_id)
        return loaded


def load(record: LeadModelRecord) -> LoadedModel:
    model = pickle.loads(record.artifact)
    if not isinstance(model, OutcomeModel):
        raise TypeError(f"model version {record.version} is not an outcome model")
    return LoadedModel(model, summarize(record))


def summarize(record: LeadModelRecord) -> LeadModelSummary:
    return LeadModelSummary(
        version=record.version,
        active=record.active,
        target=record.target,
        positive_level=record.positive_level,
        cv=ModelMetrics(**record.cv_metrics),
        folds=record.folds,
        data_fingerprint=record.data_fingerprint,
        library_versions={str(k): str(v) for k, v in record.library_versions.items()},
        columns=[ColumnReport(**c) for c in record.report.get("columns", [])],
        warnings=[str(w) for w in record.report.get("warnings", [])],
        created_at=record.created_at,
    )
