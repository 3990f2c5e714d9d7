from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ghl_real_estate_ai.domain.qualification import QualificationStage
from ghl_real_estate_ai.intelligence.qualification.analytics import AskFacts, FlowFacts, summarize

T0 = datetime(2025, 3, 1, tzinfo=UTC)


class TestSummary:
    def test_drop_off_counts_flows_that_went_quiet_after_their_last_question(self) -> None:
        asks = [
            AskFacts("f1", "budget_range", "budget", replied=True),
            AskFacts("f1", "move_timeline", "timeline", replied=False),
            AskFacts("f2", "budget_range", "budget", replied=False),
            AskFacts("f3", "budget_range", "budget", replied=True),
        ]
        rows = {row.question: row for row in summarize([], asks).drop_off}
        assert (rows["budget_range"].times_asked, rows["budget_range"].dropped) == (3, 1)
        assert rows["budget_range"].drop_off_rate == round(1 / 3, 4)
        assert rows["move_timeline"].dropped == 1

    def test_median_time_to_qualified_counts_only_qualified_flows(self) -> None:
        flows = [
            FlowFacts("a", QualificationStage.QUALIFIED, 90.0, T0, T0 + timedelta(minutes=10)),
            FlowFacts("b", QualificationStage.QUALIFIED, 80.0, T0, T0 + timedelta(minutes=30)),
            FlowFacts("c", QualificationStage.NEW, 0.0, T0, None),
        ]
        summary = summarize(flows, [])
        assert summary.median_seconds_to_qualified == 1200
        assert summary.by_stage[QualificationStage.NEW] == 1
        assert summary.average_completeness == (90 + 80) / 3

    def test_no_flows_no_figures(self) -> None:
        summary = summarize([], [])
        assert summary.total_flows == 0
        assert summary.average_completeness is None
        assert summary.median_seconds_to_qualified is None
