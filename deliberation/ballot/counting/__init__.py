"""Counting ballots: pure functions from checked answers to results, with no web or database code."""
from .answers import (
    YES_NO,
    Ranking,
    parse_ranking,
    parse_yes_no,
    ranking_parser,
    ranking_to_json,
    tally_rankings,
)
from .compact import compact_decoder, compact_parser
from .errors import AnswerError
from .formats import parse_abif, parse_debian_tally
from .irv import IRVResult, IRVRound, irv
from .ranked import schulze_and_irv
from .schulze import SchulzeResult, schulze
from .yes_no import THRESHOLDS, YesNoResult, count_yes_no

__all__ = [
    "YES_NO",
    "THRESHOLDS",
    "AnswerError",
    "IRVResult",
    "IRVRound",
    "Ranking",
    "SchulzeResult",
    "YesNoResult",
    "compact_decoder",
    "compact_parser",
    "count_yes_no",
    "irv",
    "parse_abif",
    "parse_debian_tally",
    "parse_ranking",
    "parse_yes_no",
    "ranking_parser",
    "ranking_to_json",
    "schulze",
    "schulze_and_irv",
    "tally_rankings",
]
