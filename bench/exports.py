"""Benchmark the exports on a 35,000-word draft with 1,000 amendments merged into it: the whole
redline against the base text as PDF, DOCX (tracked changes) and Markdown (CriticMarkup), and
the clean PDF. Each case runs in its own process, so its peak memory (the process's maximum
resident set, which counts Pango's and lxml's C allocations too) is its own.

Run from the repo root: ``.venv/bin/python bench/exports.py``. Prints one JSON line per figure.
"""
from __future__ import annotations

import json
import multiprocessing
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine import constitution, make_amendments  # noqa: E402  (bench/engine.py's generators)

from amendments.engine import LineIndex, merge, word_diff  # noqa: E402
from deliberation.exports.docx_version import version_docx  # noqa: E402
from deliberation.exports.markdown import redline_markdown  # noqa: E402
from deliberation.exports.model import Author, Authors, VersionPrint  # noqa: E402
from deliberation.exports.pdf import version_pdf  # noqa: E402
from deliberation.exports.pieces import Source, attributed  # noqa: E402

SEED = 20260101
WORDS = {"page_of": "Page {page} of {pages}",
         "legend": "Key: inserted words are underlined, deleted struck through."}


def _draft():
    rng = random.Random(SEED)
    base = constitution(rng, 35_000)
    cands = make_amendments(rng, base, 1000, 1, collide=0.04)
    merged = merge(base, cands)
    return base, merged


def _case(name: str, queue) -> None:
    base, merged = _draft()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    lines = LineIndex(merged.text, 80).lines
    vp = VersionPrint("Bench assembly", "Version 2 compared with version 1", merged.text, lines, words=WORDS)
    if name != "pdf_clean":
        vp.pieces = attributed(word_diff(base, merged.text), merged.provenance)
        sources = {Source(s.amendment_id, s.proposal_id) for s in merged.provenance}
        vp.authors = Authors({s: Author(f"Amendment {s.amendment_id} — Group {s.proposal_id}",
                                        datetime(2026, 11, 23), str(s.amendment_id)) for s in sources},
                             Author("Chair's edit"))
    build = {"pdf_redline": version_pdf, "pdf_clean": version_pdf, "docx_tracked": version_docx,
             "md_criticmarkup": lambda v: redline_markdown(v.pieces, v.authors)}[name]
    data = build(vp)
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    extra = {}
    if name.startswith("pdf") and shutil.which("pdfinfo"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
        extra["pages"] = int(next(x.split()[1] for x in info.splitlines() if x.startswith("Pages:")))
    queue.put({"bench": "exports", "case": name, "seconds": round(seconds, 3), "bytes": len(data),
               "words": len(merged.text.split()), "lines": len(lines),
               "amendments_merged": len(merged.merged), "max_rss_mib": round(rss / 1024, 1),
               "rss_growth_mib": round((rss - rss_before) / 1024, 1), **extra})


def main() -> None:
    ctx = multiprocessing.get_context("spawn")
    for name in ("md_criticmarkup", "docx_tracked", "pdf_clean", "pdf_redline"):
        queue = ctx.Queue()
        proc = ctx.Process(target=_case, args=(name, queue))
        proc.start()
        row = queue.get(timeout=600)
        proc.join()
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
