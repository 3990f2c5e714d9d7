from __future__ import annotations

from ghl_real_estate_ai.evaluation.dataset import LabeledExample, stitch_conversations
from ghl_real_estate_ai.evaluation.runner import _preference_score


def example(
    message: str, *context: tuple[str, str], labels: dict[str, object] | None = None
) -> LabeledExample:
    return LabeledExample.model_validate(
        {
            "id": message,
            "reference_date": "2026-01-10",
            "context": [{"speaker": s, "message": m} for s, m in context],
            "message": message,
            "labels": labels or {},
        }
    )


class TestStitchConversations:
    def test_a_truncated_context_that_continues_the_previous_example_gets_its_history_back(self) -> None:
        first = example("I need an apartment in Fremont", ("agent", "Hi! How can I help?"))
        second = example(
            "2 beds please",
            ("agent", "Hi! How can I help?"),
            ("prospect", "I need an apartment in Fremont"),
            ("agent", "How many bedrooms?"),
        )
        third = example(
            "yes, book it",
            ("agent", "How many bedrooms?"),
            ("prospect", "2 beds please"),
            ("agent", "Sunny Apartments has 2 beds. Shall I book a visit?"),
        )
        stitched = list(stitch_conversations([first, second, third]))
        assert [t.message for t in stitched[2].context] == [
            "Hi! How can I help?",
            "I need an apartment in Fremont",
            "How many bedrooms?",
            "2 beds please",
            "Sunny Apartments has 2 beds. Shall I book a visit?",
        ]

    def test_numbered_turns_of_one_dialogue_keep_what_came_before_a_gap(self) -> None:
        first = example("I want to buy a house in Fremont", ("agent", "Hi!")).model_copy(
            update={"id": "d-7-0"}
        )
        later = example(
            "ok thats correct",
            ("prospect", "a car for the 4th"),
            ("agent", "Confirm the car for the 4th?"),
        ).model_copy(update={"id": "d-7-6"})
        other = example("hello", ("agent", "Hi!")).model_copy(update={"id": "d-8-0"})
        stitched = list(stitch_conversations([first, later, other]))
        assert [t.message for t in stitched[1].context] == [
            "Hi!",
            "I want to buy a house in Fremont",
            "a car for the 4th",
            "Confirm the car for the 4th?",
        ]
        assert [t.message for t in stitched[2].context] == ["Hi!"]

    def test_numbered_examples_of_a_file_are_not_turns_of_one_dialogue(self) -> None:
        first = example("I want to buy in Plano", ("agent", "Hi!")).model_copy(update={"id": "dev-0001"})
        second = example("STOP", ("agent", "Hello?")).model_copy(update={"id": "dev-0002"})
        stitched = list(stitch_conversations([first, second]))
        assert [t.message for t in stitched[1].context] == ["Hello?"]

    def test_independent_examples_pass_through_unchanged(self) -> None:
        first = example("hello", ("agent", "Hi!"))
        second = example("ok", ("agent", "Hi!"))
        stitched = list(stitch_conversations([first, second]))
        assert [t.message for t in stitched[1].context] == ["Hi!"]


class TestPreferenceScore:
    def test_slots_the_file_never_labels_are_reported_not_scored(self) -> None:
        score = _preference_score(
            [
                ({"bedrooms": 2}, {"bedrooms": 2, "property_type": "apartment"}),
                ({"locations": ["Fremont"]}, {"locations": ["Fremont"], "property_type": "apartment"}),
            ]
        )
        assert score.precision == 1.0 and score.recall == 1.0
        assert score.unscored_slots == ["property_type"]

    def test_a_slot_labeled_anywhere_is_scored_everywhere(self) -> None:
        score = _preference_score(
            [({"property_type": "condo"}, {"property_type": "condo"}), ({}, {"property_type": "apartment"})]
        )
        assert score.precision == 0.5
