"""Text and change: versions, line numbers, diffs, amendments, rebase, merge, provenance, redline."""
