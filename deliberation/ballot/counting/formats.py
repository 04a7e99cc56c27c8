"""Readers for published ballot files, so real elections can be re-counted and re-cast.

Each reader returns ``(options, ballots)``: the option names in their official
order and a list of distinct ``(canonical ranking, count)`` pairs.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .answers import Ranking

_DEBIAN_OPTION = re.compile(r"Option\s+(\w+)-*>:\s*(.+?)\s*$")
_DEBIAN_VOTE = re.compile(r"^V:\s+(\S+)")
_ABIF_CANDIDATE = re.compile(r"^=([^:\s]+)\s*:\s*\[(.*)\]\s*$")
_ABIF_BALLOT = re.compile(r"^(\d+)\s*:(.*)$")
_ABIF_TOKEN = re.compile(r"\s*(\[[^\]]*\]|[^>=\[\]]+?)\s*(>|=|$)")

Parsed = tuple[list[str], list[tuple[Ranking, int]]]


def parse_debian_tally(text: str, options: Sequence[str] | None = None) -> Parsed:
    """Read a Debian tally sheet: one rank digit per option, ``-`` for unranked, equal digits tied.

    Options come from the sheet's ``Option N--->: Name`` header unless given.
    """
    names = list(options) if options is not None else _debian_options(text)
    counts: Counter[Ranking] = Counter()
    for line in text.splitlines():
        match = _DEBIAN_VOTE.match(line)
        if not match:
            continue
        marks = match.group(1)
        if len(marks) != len(names):
            raise ValueError(f"vote {marks!r} does not have one mark per option")
        ranks: dict[int, list[str]] = {}
        for name, mark in zip(names, marks, strict=True):
            if mark == "-":
                continue
            if not mark.isalnum():
                raise ValueError(f"vote {marks!r} has an unreadable mark {mark!r}")
            ranks.setdefault(int(mark, 36), []).append(name)
        counts[tuple(tuple(ranks[rank]) for rank in sorted(ranks))] += 1
    return names, list(counts.items())


def _debian_options(text: str) -> list[str]:
    """Read the option names from a Debian tally sheet's header, in option order."""
    found = [match.groups() for match in map(_DEBIAN_OPTION.search, text.splitlines()) if match]
    if not found:
        raise ValueError("no “Option N--->: Name” lines in this tally sheet")
    return [name for _, name in found]


def parse_abif(text: str) -> Parsed:
    """Read ranked ballots in ABIF (``count:A>B=C``), options named by their ABIF tokens.

    Declared candidates (``=token:[Full name]``) come first, in file order;
    a candidate that only appears on ballots is added after them. Ratings are
    not supported.
    """
    options: list[str] = []
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("{"):
            continue
        candidate = _ABIF_CANDIDATE.match(line)
        if candidate:
            options.append(candidate.group(1))
            continue
        ballot = _ABIF_BALLOT.match(line)
        if not ballot:
            raise ValueError(f"cannot read ABIF line {raw!r}")
        lines.append((int(ballot.group(1)), ballot.group(2).strip()))
    counts: Counter[tuple[tuple[str, ...], ...]] = Counter()
    for count, body in lines:
        groups = _abif_groups(body)
        for group in groups:
            options.extend(name for name in group if name not in options)
        counts[tuple(groups)] += count
    order = {name: position for position, name in enumerate(options)}
    ballots: Counter[Ranking] = Counter()
    for groups, count in counts.items():
        ballots[tuple(tuple(sorted(group, key=order.__getitem__)) for group in groups)] += count
    return options, list(ballots.items())


def _abif_groups(body: str) -> tuple[tuple[str, ...], ...]:
    """Split one ABIF ranking into groups of tied candidates, best first."""
    if not body:
        return ()
    groups: list[list[str]] = [[]]
    position = 0
    while position < len(body):
        match = _ABIF_TOKEN.match(body, position)
        if not match or match.end() == position:
            raise ValueError(f"cannot read ABIF ranking {body!r}")
        token, separator = match.groups()
        name = token[1:-1].strip() if token.startswith("[") else token
        if "/" in name:
            raise ValueError("ABIF ratings (“/”) are not supported")
        groups[-1].append(name)
        if separator == ">":
            groups.append([])
        position = match.end()
    if not all(groups):
        raise ValueError(f"ABIF ranking {body!r} has an empty rank")
    return tuple(tuple(group) for group in groups)
