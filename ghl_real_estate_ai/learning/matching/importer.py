"""Listings from a CSV export with a documented column mapping.

Fields and the UCI "Apartment for Rent Classified" column each reads by default (override any with
`--mapping field=column`): listing_id=id, price=price, price_period=price_type, bedrooms=bedrooms,
bathrooms=bathrooms, square_feet=square_feet, city=cityname, state=state, pets=pets_allowed,
property_type (none: "apartment"), description (none). Missing values ("", "null", "N/A") stay unknown.
Weekly prices are turned monthly (x 52 / 12). `pets` reads "Cats,Dogs", "Cats", "Dogs" or "None".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ghl_real_estate_ai.domain.matching import Listing, Pet
from ghl_real_estate_ai.learning.tabular.table import Table

FIELDS = (
    "listing_id",
    "price",
    "price_period",
    "bedrooms",
    "bathrooms",
    "square_feet",
    "city",
    "state",
    "pets",
    "property_type",
    "description",
)
DEFAULT_MAPPING: dict[str, str] = {
    "listing_id": "id",
    "price": "price",
    "price_period": "price_type",
    "bedrooms": "bedrooms",
    "bathrooms": "bathrooms",
    "square_feet": "square_feet",
    "city": "cityname",
    "state": "state",
    "pets": "pets_allowed",
}
DEFAULT_PROPERTY_TYPE = "apartment"
WEEKS_PER_MONTH = 52 / 12


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`field=column` pairs over the defaults. Raises ValueError on an unknown field or a bad pair."""
    mapping = dict(DEFAULT_MAPPING)
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"mapping {pair!r}: write field=column")
        if field.strip() not in FIELDS:
            raise ValueError(f"mapping {pair!r}: fields are {', '.join(FIELDS)}")
        mapping[field.strip()] = column.strip()
    return mapping


def listings_from_table(table: Table, mapping: Mapping[str, str]) -> list[Listing]:
    """Raises ValueError when a mapped column is absent or a number does not parse (with its row)."""
    absent = [f"{f}={c}" for f, c in mapping.items() if c not in table.columns]
    if absent:
        raise ValueError(f"the file lacks mapped columns: {', '.join(absent)}")
    if "listing_id" not in mapping:
        raise ValueError("map listing_id to the column that identifies a listing")

    def cell(field: str, row: int) -> str | None:
        column = mapping.get(field)
        return None if column is None else table.columns[column][row]

    listings = []
    for row in range(table.rows):
        try:
            listings.append(_listing(cell, row))
        except ValueError as error:
            raise ValueError(f"row {row + 2}: {error}") from error
    return listings


def _listing(get: Callable[[str, int], str | None], row: int) -> Listing:
    listing_id = get("listing_id", row)
    if listing_id is None:
        raise ValueError("no listing id")
    period = get("price_period", row)
    price = _number(get("price", row))
    if price is not None and period and period.lower().startswith("weekly"):
        price = round(price * WEEKS_PER_MONTH, 2)
    return Listing(
        listing_id=listing_id,
        price=price,
        price_period="month",
        bedrooms=_number(get("bedrooms", row)),
        bathrooms=_number(get("bathrooms", row)),
        square_feet=_number(get("square_feet", row)),
        property_type=(get("property_type", row) or DEFAULT_PROPERTY_TYPE).lower(),
        city=get("city", row),
        state=get("state", row),
        pets=_pets(get("pets", row)),
        description=get("description", row) or "",
    )


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.replace(",", "").replace("$", ""))
    except ValueError as error:
        raise ValueError(f"{value!r} is not a number") from error


def _pets(value: str | None) -> list[Pet]:
    if value is None:
        return []
    said = value.lower()
    return [pet for pet in Pet if pet.value in said]
