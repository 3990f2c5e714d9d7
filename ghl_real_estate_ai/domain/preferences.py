from __future__ import annotations

from typing import Annotated

from pydantic import Field, PlainSerializer

from ghl_real_estate_ai.domain.base import DomainModel
from ghl_real_estate_ai.domain.taxonomy import BudgetPeriod, Feature, PropertyType


def _whole_as_int(value: float) -> float | int:
    return int(value) if value.is_integer() else value


# "3 bedrooms" reads back as 3, "2.5 baths" as 2.5.
RoomCount = Annotated[float, Field(ge=0), PlainSerializer(_whole_as_int, return_type=float | int)]


class Preferences(DomainModel):
    """What the prospect wants next. Every slot is optional: omitted when not stated."""

    property_type: PropertyType | None = None
    bedrooms: RoomCount | None = None
    bathrooms: RoomCount | None = None
    budget_min: int | None = Field(default=None, ge=0)
    budget_max: int | None = Field(default=None, ge=0)
    budget_period: BudgetPeriod | None = None
    locations: list[str] = Field(default_factory=list)
    features: list[Feature] = Field(default_factory=list)
    deal_breakers: list[str] = Field(default_factory=list)
    timeline_months: int | None = Field(default=None, ge=0)
    preapproved: bool | None = None
    cash_buyer: bool | None = None
    needs_to_sell_first: bool | None = None

    def stated_slots(self) -> dict[str, object]:
        """The slots the prospect actually stated, in the labeled-data shape."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)

    def merged_with(self, newer: Preferences) -> Preferences:
        """Preferences accumulate over a conversation: later statements win, lists union."""
        merged = self.model_copy(deep=True)
        for name, value in newer.stated_slots().items():
            if isinstance(value, list):
                current = list(getattr(merged, name))
                current.extend(v for v in getattr(newer, name) if v not in current)
                setattr(merged, name, current)
            else:
                setattr(merged, name, getattr(newer, name))
        return merged
