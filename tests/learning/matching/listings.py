"""The shipped UCI listings, read as `properties import` reads them."""

from __future__ import annotations

from functools import cache

from ghl_real_estate_ai.domain.matching import Listing
from ghl_real_estate_ai.learning.matching.importer import DEFAULT_MAPPING, listings_from_table
from ghl_real_estate_ai.learning.tabular.table import read_csv_table
from tests.conftest import SHARED

UCI = SHARED / "data" / "listings" / "apartments_for_rent_10k.csv"


@cache
def uci_listings() -> tuple[Listing, ...]:
    return tuple(listings_from_table(read_csv_table(UCI), DEFAULT_MAPPING))
