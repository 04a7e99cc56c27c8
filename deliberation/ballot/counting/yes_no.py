"""Counting a yes/no/abstain question against its threshold and quorum."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .answers import YES_NO, parse_yes_no

THRESHOLDS = ("simple", "two_thirds")


@dataclass(frozen=True)
class YesNoResult:
    """The outcome of one yes/no/abstain question, with the figures that decided it."""

    counts: dict[str, int]
    passed: bool
    threshold: str
    quorum: int | None
    quorum_met: bool
    turnout: int

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON-ready form served by the results endpoint."""
        return {
            "counts": dict(self.counts),
            "passed": self.passed,
            "threshold": self.threshold,
            "quorum": self.quorum,
            "quorum_met": self.quorum_met,
            "turnout": self.turnout,
        }


def _counts(counts_or_answers: Mapping[str, int] | Iterable[object]) -> dict[str, int]:
    """Accept either ready counts or raw answers, checking both the same way."""
    if isinstance(counts_or_answers, Mapping):
        for key, value in counts_or_answers.items():
            parse_yes_no(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"the count for {key!r} must be a whole number ≥ 0")
        raw = counts_or_answers
    else:
        raw = Counter(map(parse_yes_no, counts_or_answers))
    return {answer: raw.get(answer, 0) for answer in YES_NO}


def _majority(yes: int, no: int, threshold: str) -> bool:
    """Compare yes with no in whole numbers, so exactly two thirds is never lost to rounding."""
    if threshold == "simple":
        return yes > no
    return yes + no > 0 and 3 * yes >= 2 * (yes + no)


def count_yes_no(
    counts_or_answers: Mapping[str, int] | Iterable[object],
    threshold: str = "simple",
    quorum: int | None = None,
    turnout: int | None = None,
) -> YesNoResult:
    """Decide a question: abstentions count towards turnout and quorum but not the majority.

    ``turnout`` defaults to the answers counted here; pass the ballot's turnout
    when the quorum is measured on ballots cast rather than on this question.
    """
    if threshold not in THRESHOLDS:
        raise ValueError(f"threshold must be one of {THRESHOLDS}, not {threshold!r}")
    if quorum is not None and (not isinstance(quorum, int) or quorum < 0):
        raise ValueError("quorum must be a whole number ≥ 0 or None")
    counts = _counts(counts_or_answers)
    answered = sum(counts.values())
    if turnout is None:
        turnout = answered
    elif turnout < answered:
        raise ValueError(f"turnout {turnout} is below the {answered} answers counted")
    quorum_met = quorum is None or turnout >= quorum
    passed = quorum_met and _majority(counts["yes"], counts["no"], threshold)
    return YesNoResult(counts, passed, threshold, quorum, quorum_met, turnout)
