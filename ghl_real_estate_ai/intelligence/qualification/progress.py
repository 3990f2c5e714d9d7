"""Completeness per area and overall, the stage a flow is in, and the next question to ask.

Stages (documented in docs/ARCHITECTURE.md):
- disqualified: the lead opted out or said they are not interested. It sticks: we do not re-engage.
- nurture: the lead plans to move later than the config's `nurture_after_days`, or the latest reply
  shows low commitment. It lifts as soon as a reply no longer says so.
- otherwise the highest rung of the ladder the answers allow:
  new -> engaged (the lead has answered anything) -> qualifying (a required area has answers)
  -> qualified (overall completeness >= `qualified_threshold`);
  and an area whose `stage_threshold` is a rung must be complete before the lead reaches that rung.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from ghl_real_estate_ai.domain.coaching import RankedQuestion
from ghl_real_estate_ai.domain.qualification import (
    PROGRESS_LADDER,
    AreaProgress,
    AskedQuestion,
    QualificationConfig,
    QualificationStage,
)
from ghl_real_estate_ai.domain.taxonomy import Intent, Language
from ghl_real_estate_ai.intelligence.coaching.questions import QUESTION_TEXT, relevance_for

# Each time a lead let a question pass, it is half as likely they answer it next time.
SKIP_DISCOUNT = 0.5


def applicable(questions: Iterable[str], intent: Intent | None) -> list[str]:
    """Questions that apply to this kind of lead (a renter has no down payment to tell us about)."""
    return [key for key in questions if relevance_for(intent, key) > 0]


def area_progress(
    config: QualificationConfig, answered: Collection[str], intent: Intent | None
) -> list[AreaProgress]:
    progress = []
    for name, area in config.areas.items():
        asked_of_this_lead = applicable(area.questions, intent)
        done = [key for key in asked_of_this_lead if key in answered]
        share = len(done) / len(asked_of_this_lead) if asked_of_this_lead else 1.0
        progress.append(
            AreaProgress(
                area=name,
                weight=area.weight,
                required=area.required,
                stage_threshold=area.stage_threshold,
                completeness=round(share, 4),
                answered=done,
                open=[key for key in asked_of_this_lead if key not in answered],
                complete=share >= 1.0,
            )
        )
    return progress


def overall_completeness(areas: Iterable[AreaProgress]) -> float:
    """Weighted completeness, 0-100."""
    listed = list(areas)
    total = sum(a.weight for a in listed)
    return round(100 * sum(a.weight * a.completeness for a in listed) / total, 1) if total else 0.0


def ladder_stage(
    config: QualificationConfig, areas: list[AreaProgress], overall: float
) -> QualificationStage:
    if overall >= config.qualified_threshold:
        candidate = QualificationStage.QUALIFIED
    elif any(a.required and a.answered for a in areas):
        candidate = QualificationStage.QUALIFYING
    elif any(a.answered for a in areas):
        candidate = QualificationStage.ENGAGED
    else:
        candidate = QualificationStage.NEW
    rung = PROGRESS_LADDER.index(candidate)
    # Step down until every area gating this rung (or a lower one) is complete.
    while rung > 0 and any(
        a.stage_threshold is not None and PROGRESS_LADDER.index(a.stage_threshold) <= rung and not a.complete
        for a in areas
    ):
        rung -= 1
    return PROGRESS_LADDER[rung]


def decide_stage(
    config: QualificationConfig,
    previous: QualificationStage,
    areas: list[AreaProgress],
    overall: float,
    *,
    opted_out: bool,
    move_in_days: float | None,
    low_commitment: bool,
) -> QualificationStage:
    if opted_out or previous is QualificationStage.DISQUALIFIED:
        return QualificationStage.DISQUALIFIED
    ladder = ladder_stage(config, areas, overall)
    long_timeline = move_in_days is not None and move_in_days > config.nurture_after_days
    if ladder is not QualificationStage.NEW and (long_timeline or low_commitment):
        return QualificationStage.NURTURE
    return ladder


def skips(asked: Iterable[AskedQuestion]) -> dict[str, int]:
    """How many times the lead replied to each question without answering it."""
    counts: dict[str, int] = {}
    for entry in asked:
        if entry.answered is False:
            counts[entry.question] = counts.get(entry.question, 0) + 1
    return counts


def rank_questions(
    config: QualificationConfig,
    areas: list[AreaProgress],
    *,
    skipped: Mapping[str, int],
    intent: Intent | None,
    language: Language,
) -> list[RankedQuestion]:
    """Open questions by expected information gain, best first.

    gain = the area's share of the total weight x how uncertain the area still is (1 - completeness)
           x how likely this lead is to answer (relevance for the intent, halved per earlier skip).
    Within an area the config's order breaks ties, so the lead hears the area's lead question first.
    """
    total = sum(a.weight for a in areas) or 1
    ranked: list[tuple[float, int, RankedQuestion]] = []
    order = 0
    for area in areas:
        uncertainty = 1.0 - area.completeness
        for key in area.open:
            likelihood = relevance_for(intent, key) * SKIP_DISCOUNT ** skipped.get(key, 0)
            gain = area.weight / total * uncertainty * likelihood
            order += 1
            if gain <= 0:
                continue
            reason = (
                f"{area.area} ({area.weight} of {total} weight) is {round(area.completeness * 100)}% known"
            )
            if skipped.get(key):
                reason += f"; the lead let this pass {skipped[key]} time(s)"
            ranked.append(
                (
                    gain,
                    -order,
                    RankedQuestion(
                        question=QUESTION_TEXT[key][language],
                        area=area.area,
                        slot=key,
                        expected_information_gain=round(gain, 4),
                        rationale=reason,
                    ),
                )
            )
    ranked.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [question for _, _, question in ranked]
