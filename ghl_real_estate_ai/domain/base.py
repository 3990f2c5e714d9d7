from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class DomainModel(BaseModel):
    """Base for every domain model.

    The spec's callers read results both as attributes and as mappings
    (`result.suggestions` and `result["suggestions"]`), so item access is
    supported on top of the typed attributes.
    """

    model_config = ConfigDict(frozen=False, extra="forbid", populate_by_name=True)

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in type(self).model_fields

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in type(self).model_fields else default
