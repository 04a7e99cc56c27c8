"""Time ballot counting on 100,000 seeded ballots, from raw API answers to results.

Run from the repository root: ``.venv/bin/python bench/tally.py``. Each case
prints one JSON line; the goal is at most one second per case. ``stored_schulze_and_irv_10``
is the counting part of closing a ballot: from the distinct stored codes (as the database
groups them) to both published results; bench/ballot.py times the whole close.
"""
from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deliberation.ballot.counting import (  # noqa: E402
    compact_parser,
    count_yes_no,
    irv,
    schulze,
    tally_rankings,
)
from deliberation.ballot.tally import tally  # noqa: E402

BALLOTS = 100_000
OPTIONS = [f"Candidate {letter}" for letter in "ABCDEFGHIJ"]


def yes_no_answers(rng: random.Random) -> list[str]:
    """Draw answers leaning yes, with some abstentions."""
    return rng.choices(["yes", "no", "abstain"], weights=[55, 35, 10], k=BALLOTS)


def ranked_answer(rng: random.Random, popularity: list[float]) -> list[str | list[str]]:
    """Draw one voter's answer: a popularity-weighted partial order, sometimes with a tie."""
    length = rng.choices(range(11), weights=[1, 12, 10, 12, 12, 9, 6, 4, 3, 2, 29])[0]
    pool = list(range(len(OPTIONS)))
    weights = list(popularity)
    order = []
    for _ in range(length):
        pick = rng.choices(range(len(pool)), weights=weights)[0]
        order.append(OPTIONS[pool.pop(pick)])
        weights.pop(pick)
    answer: list[str | list[str]] = []
    for option in order:
        if answer and rng.random() < 0.05:
            last = answer[-1]
            answer[-1] = [*last, option] if isinstance(last, list) else [last, option]
        else:
            answer.append(option)
    return answer


def ranked_answers(rng: random.Random) -> list[list[str | list[str]]]:
    """Draw the raw answers of all voters to one ranked question."""
    popularity = [10, 9, 8, 6, 5, 4, 3, 2, 1.5, 1]
    return [ranked_answer(rng, popularity) for _ in range(BALLOTS)]


def timed(case: str, work: Callable[[], object]) -> object:
    """Run one case and print its JSON line."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(json.dumps({"bench": "tally", "case": case, "ballots": BALLOTS, "seconds": round(seconds, 3)}))
    return result


def main() -> None:
    """Generate the ballots (untimed), then time each count including parsing and aggregation."""
    rng = random.Random(2024)
    votes = yes_no_answers(rng)
    ranked = ranked_answers(rng)
    timed("yes_no", lambda: count_yes_no(votes, "two_thirds", quorum=50_000))
    timed("schulze_10", lambda: schulze(OPTIONS, tally_rankings(ranked, OPTIONS)))
    timed("irv_10", lambda: irv(OPTIONS, tally_rankings(ranked, OPTIONS)))
    timed("aggregate_only_10", lambda: tally_rankings(ranked, OPTIONS))
    stored = Counter(map(compact_parser(OPTIONS), ranked))  # as a vote stores them, grouped as at close
    question = SimpleNamespace(text="Who?", kind="ranked", options=OPTIONS, method="schulze")
    timed("stored_schulze_and_irv_10", lambda: tally(question, stored, None, BALLOTS))
    uniform = [rng.sample(OPTIONS, len(OPTIONS)) for _ in range(BALLOTS)]  # nearly all distinct: worst case
    timed("schulze_10_uniform_full", lambda: schulze(OPTIONS, tally_rankings(uniform, OPTIONS)))
    timed("irv_10_uniform_full", lambda: irv(OPTIONS, tally_rankings(uniform, OPTIONS)))


if __name__ == "__main__":
    main()
