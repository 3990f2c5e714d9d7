"""Which of a GHL contact event's fields are kept for the lead model, and how a later event changes them."""

from __future__ import annotations

from typing import Any

from ghl_real_estate_ai.ghl.crm_fields import field_changes, merged
from ghl_real_estate_ai.ghl.events import ContactUpdate, parse_event


def event(**fields: Any) -> ContactUpdate:
    parsed = parse_event({"type": "ContactUpdate", "locationId": "ghl_loc", "id": "c1", **fields})
    assert isinstance(parsed, ContactUpdate)
    return parsed


class TestWhatIsKept:
    def test_descriptive_fields_and_custom_fields_are_kept_as_text(self) -> None:
        changes = field_changes(
            event(
                source="Zillow",
                city="Austin",
                postalCode=78701,
                dnd=False,
                customFields=[{"id": "cf_timeframe", "value": "0-3 months"}, {"id": "cf_beds", "value": 3}],
            ),
            own_field_ids=set(),
        )
        assert changes == {
            "source": "Zillow",
            "city": "Austin",
            "postalCode": "78701",
            "dnd": "No",
            "cf_timeframe": "0-3 months",
            "cf_beds": "3",
        }

    def test_what_names_the_person_and_the_tags_are_never_kept(self) -> None:
        changes = field_changes(
            event(
                firstName="Sam",
                lastName="Lee",
                email="sam@example.com",
                phone="+15125550100",
                address1="1 Main St",
                tags=["buyer"],
            ),
            own_field_ids=set(),
        )
        assert changes == {}

    def test_the_fields_we_write_back_ourselves_are_left_out(self) -> None:
        changes = field_changes(
            event(customFields=[{"id": "id_ai_score", "value": "88"}, {"id": "cf_when", "value": "soon"}]),
            own_field_ids={"id_ai_score"},
        )
        assert changes == {"cf_when": "soon"}

    def test_a_multi_select_is_joined_and_an_object_value_is_not_kept(self) -> None:
        changes = field_changes(
            event(
                customFields=[
                    {"id": "cf_areas", "value": ["Downtown", "Zilker"]},
                    {"id": "cf_file", "value": {"url": "https://example.com/f.pdf"}},
                ]
            ),
            own_field_ids=set(),
        )
        assert changes == {"cf_areas": "Downtown, Zilker", "cf_file": None}


class TestALaterEvent:
    def test_a_carried_field_replaces_an_empty_one_clears_and_an_absent_one_stays(self) -> None:
        kept = {"source": "Zillow", "city": "Austin", "cf_timeframe": "0-3 months"}
        changes = field_changes(
            event(source="Referral", city="", tags=["buyer"]),
            own_field_ids=set(),
        )
        assert merged(kept, changes) == {"source": "Referral", "cf_timeframe": "0-3 months"}

    def test_an_event_with_tags_only_changes_nothing(self) -> None:
        kept = {"source": "Zillow"}
        assert merged(kept, field_changes(event(tags=["hot"]), own_field_ids=set())) == kept
