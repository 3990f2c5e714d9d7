"""The label vocabulary from the taxonomy: engines, API and evaluation share these strings."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    PROPERTY_SEARCH = "property_search"
    SELL_PROPERTY = "sell_property"
    RENTAL_SEARCH = "rental_search"
    INVESTMENT = "investment"
    HOME_VALUATION = "home_valuation"
    FINANCING_INQUIRY = "financing_inquiry"
    GENERAL_INQUIRY = "general_inquiry"
    NOT_INTERESTED = "not_interested"


class ObjectionType(StrEnum):
    PRICE_CONCERN = "price_concern"
    AFFORDABILITY = "affordability"
    FINANCING_CONCERN = "financing_concern"
    TIMING = "timing"
    DECISION_MAKER = "decision_maker"
    EXISTING_AGENT = "existing_agent"
    COMMISSION_FEES = "commission_fees"
    MARKET_CONDITIONS = "market_conditions"
    PROPERTY_FIT = "property_fit"
    TRUST = "trust"
    LOW_COMMITMENT = "low_commitment"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Motivation(StrEnum):
    FAMILY_EXPANSION = "family_expansion"
    DOWNSIZING = "downsizing"
    RELOCATION = "relocation"
    FIRST_HOME = "first_home"
    UPGRADE = "upgrade"
    INVESTMENT_INCOME = "investment_income"
    LIFE_EVENT = "life_event"
    RETIREMENT = "retirement"
    FINANCIAL_PRESSURE = "financial_pressure"
    OTHER = "other"


class DecisionStage(StrEnum):
    EARLY_RESEARCH = "early_research"
    ACTIVELY_SEARCHING = "actively_searching"
    READY_TO_TRANSACT = "ready_to_transact"


class UrgencyLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(UrgencyLevel).index(self)


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Language(StrEnum):
    EN = "en"
    ES = "es"


class PropertyType(StrEnum):
    SINGLE_FAMILY_HOME = "single_family_home"
    CONDO = "condo"
    TOWNHOUSE = "townhouse"
    MULTI_FAMILY = "multi_family"
    APARTMENT = "apartment"
    LAND = "land"
    MOBILE_HOME = "mobile_home"
    COMMERCIAL = "commercial"


class Feature(StrEnum):
    YARD = "yard"
    GARAGE = "garage"
    POOL = "pool"
    HOME_OFFICE = "home_office"
    BASEMENT = "basement"
    UPDATED_KITCHEN = "updated_kitchen"
    OPEN_FLOOR_PLAN = "open_floor_plan"
    WATERFRONT = "waterfront"
    VIEW = "view"
    GOOD_SCHOOLS = "good_schools"
    SINGLE_STORY = "single_story"
    NEW_CONSTRUCTION = "new_construction"
    NO_HOA = "no_hoa"
    PET_FRIENDLY = "pet_friendly"
    PARKING = "parking"
    WALKABLE = "walkable"
    QUIET_STREET = "quiet_street"
    LARGE_LOT = "large_lot"
    ACCESSIBLE = "accessible"
    SOLAR = "solar"


class BudgetPeriod(StrEnum):
    MONTH = "month"


class Speaker(StrEnum):
    AGENT = "agent"
    PROSPECT = "prospect"
