"""Privacy settings and look-ups as the API shows them: retention, and contacts found by email or phone."""

from __future__ import annotations

from pydantic import Field, model_validator

from ghl_real_estate_ai.domain.base import DomainModel

MAX_RETENTION_DAYS = 36_500


class RetentionPolicy(DomainModel):
    retention_days: int | None = Field(description="This location's own setting (null: the default)")
    default_days: int | None = Field(description="ENTERPRISEHUB_RETENTION_DAYS (null: kept until erased)")
    effective_days: int | None = Field(description="What the purge applies (null: nothing is purged)")


class RetentionUpdate(DomainModel):
    retention_days: int | None = Field(
        ge=1,
        le=MAX_RETENTION_DAYS,
        description="Days to keep messages, analyses, qualification answers and GHL payloads; null for "
        "the default",
    )


class ContactLookup(DomainModel):
    """Find contacts by what GHL told us: compared as keyed hashes, never stored readable."""

    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _one_of_them(self) -> ContactLookup:
        if not (self.email or self.phone):
            raise ValueError("give an email or a phone number")
        return self


class ContactMatches(DomainModel):
    contact_ids: list[str]
