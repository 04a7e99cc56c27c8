"""Instant-runoff voting with the Burlington overvote rule.

Rules, in the order they apply:

* Each ballot counts for its highest-ranked continuing option.
* Overvote (the Burlington rule): if the highest rank that still holds a
  continuing option holds two or more of them, the ballot is exhausted at that
  point and stays exhausted for the rest of the count. Tied options that were
  already eliminated do not make an overvote.
* An option with more than half of the continuing (non-exhausted) ballots wins.
* Otherwise the option with the fewest votes is eliminated. Options tied for
  fewest are eliminated together when their combined votes are below every
  other option's, because then no order of eliminating them one by one could
  save any of them (a ballot tying two of them then simply moves past both).
  Otherwise one is eliminated: the one with fewer votes in
  the previous round, then the round before that, and so on; if they were tied
  in every round, the one listed last in the question's option order.
* With no continuing ballot left there is no winner.

Each round records ``tie_break`` ("earlier rounds" or "option order") when a
tie for last had to be broken, so the returning officer can report it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .answers import Ranking, ranking_to_json
from .weights import Ballots, check_rankings, weighted

_Pile = list[tuple[Ranking, int, int]]


@dataclass(frozen=True)
class IRVRound:
    """One round of the count: votes per continuing option and who was eliminated after it."""

    tallies: dict[str, int]
    exhausted: int
    eliminated: list[str]
    tie_break: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON-ready form of this round."""
        return {
            "tallies": dict(self.tallies),
            "exhausted": self.exhausted,
            "eliminated": list(self.eliminated),
            "tie_break": self.tie_break,
        }


@dataclass(frozen=True)
class IRVResult:
    """An IRV count, round by round, so members can follow each transfer."""

    options: tuple[str, ...]
    rounds: list[IRVRound]
    winner: str | None
    ranking: list[list[str]]

    def to_dict(self) -> dict[str, Any]:
        """Give the JSON-ready form served by the results endpoint."""
        return {
            "options": list(self.options),
            "ranking": ranking_to_json(self.ranking),
            "winner": self.winner,
            "rounds": [round_.to_dict() for round_ in self.rounds],
        }


class _Count:
    """The state of an IRV count: which options continue and which ballots sit on whose pile."""

    def __init__(self, options: Sequence[str]) -> None:
        self.continuing = set(options)
        self.piles: dict[str, _Pile] = {option: [] for option in options}
        self.tallies = dict.fromkeys(options, 0)
        self.exhausted = 0

    def place(self, ballots: _Pile) -> None:
        """Put each ballot on the pile of its highest continuing option below its current rank."""
        continuing, piles, tallies = self.continuing, self.piles, self.tallies
        exhausted = 0
        for ranking, count, current in ballots:
            for position in range(current + 1, len(ranking)):
                group = ranking[position]
                if len(group) == 1:
                    option = group[0]
                    if option not in continuing:
                        continue
                else:
                    live = [option for option in group if option in continuing]
                    if not live:
                        continue
                    if len(live) > 1:
                        exhausted += count
                        break
                    option = live[0]
                piles[option].append((ranking, count, position))
                tallies[option] += count
                break
            else:
                exhausted += count
        self.exhausted += exhausted

    def eliminate(self, options: list[str]) -> None:
        """Remove options from the count and pass their ballots on to the next preference."""
        self.continuing.difference_update(options)
        for option in options:
            del self.tallies[option]
        for option in options:
            self.place(self.piles.pop(option))


def _to_eliminate(tallies: dict[str, int], history: list[IRVRound]) -> tuple[list[str], str | None]:
    """Choose who goes out this round, and say how any tie for last was settled."""
    lowest = min(tallies.values())
    tied = [option for option, votes in tallies.items() if votes == lowest]
    others = [votes for votes in tallies.values() if votes != lowest]
    if len(tied) == 1 or (others and lowest * len(tied) < min(others)):
        return tied, None
    for earlier in reversed(history):
        fewest = min(earlier.tallies[option] for option in tied)
        tied = [option for option in tied if earlier.tallies[option] == fewest]
        if len(tied) == 1:
            return tied, "earlier rounds"
    return [tied[-1]], "option order"


def _ranking(result_round: dict[str, int], winner: str | None, history: list[IRVRound]) -> list[list[str]]:
    """Order options: winner, the rest of the last round by votes, then the latest eliminated first."""
    ranking = [[winner]] if winner else []
    rest = [option for option in result_round if option != winner]
    for votes in sorted({result_round[option] for option in rest}, reverse=True):
        ranking.append([option for option in rest if result_round[option] == votes])
    for round_ in reversed(history):
        if round_.eliminated:
            ranking.append(list(round_.eliminated))
    return ranking


def irv(options: Sequence[str], ballots: Ballots) -> IRVResult:
    """Count ranked ballots by instant-runoff voting; see the module docstring for the rules."""
    pairs = weighted(ballots)
    check_rankings(options, pairs)
    return irv_checked(options, pairs)


def irv_checked(options: Sequence[str], pairs: list[tuple[Ranking, int]]) -> IRVResult:
    """Count by IRV ballots that ``weighted`` has grouped and that were checked as ``check_rankings``
    checks them, so a caller that checks them once (see ``schulze_and_irv``) does not pay twice."""
    count = _Count(options)
    count.place([(ranking, weight, -1) for ranking, weight in pairs])
    rounds: list[IRVRound] = []
    while True:
        tallies = {option: count.tallies[option] for option in options if option in count.continuing}
        total = sum(tallies.values())
        leader = max(tallies, key=tallies.__getitem__, default=None)
        if total == 0 or (leader is not None and 2 * tallies[leader] > total):
            winner = leader if total else None
            rounds.append(IRVRound(tallies, count.exhausted, []))
            return IRVResult(tuple(options), rounds, winner, _ranking(tallies, winner, rounds))
        out, tie_break = _to_eliminate(tallies, rounds)
        rounds.append(IRVRound(tallies, count.exhausted, out, tie_break))
        count.eliminate(out)
