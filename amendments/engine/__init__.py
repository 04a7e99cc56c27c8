"""The pure text engine: line numbers, word diffs, collisions, merge, rebase, provenance, redline."""

from .carry import Carried, carry_live_edits, map_region
from .collisions import Candidate, find_collisions
from .diff import Edit, apply_edits, edits_between, word_diff
from .lines import Line, LineIndex, number_lines
from .merge import MergeResult, Resolution, merge
from .provenance import Span
from .rebase import RebaseResult, rebase, rebase_amendment
from .redline import redline_html
from .regions import Region, collision_regions, region_of
from .text import normalise, text_sha256

__all__ = [
    "Candidate",
    "Carried",
    "Edit",
    "Line",
    "LineIndex",
    "MergeResult",
    "RebaseResult",
    "Region",
    "Resolution",
    "Span",
    "apply_edits",
    "carry_live_edits",
    "collision_regions",
    "edits_between",
    "find_collisions",
    "map_region",
    "merge",
    "normalise",
    "number_lines",
    "rebase",
    "rebase_amendment",
    "region_of",
    "redline_html",
    "text_sha256",
    "word_diff",
]
