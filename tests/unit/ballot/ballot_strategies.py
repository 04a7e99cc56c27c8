"""Hypothesis strategies and plain oracles shared by the counting tests."""
from __future__ import annotations

from hypothesis import strategies as st

OPTIONS = ("A", "B", "C", "D", "E")

Ranking = tuple[tuple[str, ...], ...]


@st.composite
def rankings(draw: st.DrawFn, options: tuple[str, ...] = OPTIONS, ties: bool = True) -> Ranking:
    """Draw a canonical ranking: some options, best first, possibly tied, the rest unranked."""
    listed = draw(st.permutations(options).map(lambda order: order[: draw(st.integers(0, len(order)))]))
    groups: list[list[str]] = []
    for option in listed:
        if groups and ties and draw(st.booleans()):
            groups[-1].append(option)
        else:
            groups.append([option])
    return tuple(tuple(sorted(group, key=options.index)) for group in groups)


def ballot_lists(options: tuple[str, ...] = OPTIONS, ties: bool = True,
                 max_size: int = 30) -> st.SearchStrategy[list[Ranking]]:
    """Draw a list of ballots, one per voter."""
    return st.lists(rankings(options, ties), max_size=max_size)


def naive_pairwise(options: tuple[str, ...], ballots: list[Ranking]) -> dict[str, dict[str, int]]:
    """Count head to head the obvious way, as an oracle for the fast version."""
    d = {a: {b: 0 for b in options if b != a} for a in options}
    for ranking in ballots:
        rank = {option: position for position, group in enumerate(ranking) for option in group}
        for a in options:
            for b in options:
                if a != b and rank.get(a, len(ranking)) < rank.get(b, len(ranking)):
                    d[a][b] += 1
    return d


def condorcet_winner(options: tuple[str, ...], d: dict[str, dict[str, int]]) -> str | None:
    """Name the option beating every other head to head, if there is one."""
    for a in options:
        if all(d[a][b] > d[b][a] for b in options if b != a):
            return a
    return None
