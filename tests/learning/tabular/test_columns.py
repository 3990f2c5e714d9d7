"""Which columns a model may learn from."""

from __future__ import annotations

import pytest

from ghl_real_estate_ai.learning.tabular.columns import ColumnKind, binary_target, plan_columns
from ghl_real_estate_ai.learning.tabular.table import parse_csv_table
from tests.learning.tabular.synthetic import export


def kinds(target: str = "Converted", **kwargs: frozenset[str]) -> dict[str, ColumnKind]:
    plan = plan_columns(parse_csv_table(export()), target, **kwargs)
    return {d.name: d.kind for d in plan.decisions}


class TestColumnTyping:
    def test_numbers_levels_and_identifiers_are_told_apart(self) -> None:
        found = kinds()
        assert found["Visits"] == ColumnKind.NUMERIC
        assert found["Minutes"] == ColumnKind.NUMERIC
        assert found["Source"] == ColumnKind.CATEGORICAL
        assert found["Prospect ID"] == ColumnKind.IDENTIFIER
        assert found["Converted"] == ColumnKind.TARGET

    def test_placeholder_levels_are_missing_values_not_categories(self) -> None:
        table = parse_csv_table(b"a,b\nSelect,1\n,0\nN/A,1\nGoogle,0\n")
        assert table.columns["a"] == [None, None, None, "Google"]

    def test_free_text_is_recognised_when_long_and_varied(self) -> None:
        notes = "\n".join(
            f"lead {i} asked about the course schedule {i % 7} times,{i % 2}" for i in range(60)
        )
        plan = plan_columns(parse_csv_table(b"Notes,y\n" + notes.encode()), "y")
        assert plan.decisions[1].kind == ColumnKind.TEXT


class TestLeakageGuard:
    def test_fields_filled_in_after_contact_are_refused_by_name(self) -> None:
        assert kinds()["Lead Quality"] == ColumnKind.POST_HOC

    def test_a_column_naming_the_outcome_is_refused(self) -> None:
        table = parse_csv_table(b"Deal Status,Won\nopen,1\nclosed,0\nopen,1\n")
        plan = plan_columns(table, "Won")
        assert plan.decisions[1].kind == ColumnKind.OUTCOME_NAMED

    def test_a_column_the_caller_vouches_for_is_kept(self) -> None:
        assert kinds(allow=frozenset({"Lead Quality"}))["Lead Quality"] == ColumnKind.CATEGORICAL

    def test_a_named_identifier_column_is_never_learned_from(self) -> None:
        assert kinds(id_columns=frozenset({"Visits"}))["Visits"] == ColumnKind.IDENTIFIER


class TestBadInput:
    def test_an_unknown_target_is_a_clear_error(self) -> None:
        with pytest.raises(ValueError, match="no column named 'Outcome'"):
            plan_columns(parse_csv_table(export()), "Outcome")

    def test_a_target_with_three_values_is_refused(self) -> None:
        with pytest.raises(ValueError, match="exactly two values"):
            binary_target(["a", "b", "c"])

    def test_ragged_rows_are_refused_with_their_line(self) -> None:
        with pytest.raises(ValueError, match="line 3"):
            parse_csv_table(b"a,b\n1,2\n1,2,3\n")
