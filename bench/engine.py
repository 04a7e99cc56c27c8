"""Benchmark the text engine on a 30,000-word constitution with 1,000 amendments.

Run from the repo root: ``.venv/bin/python bench/engine.py``. Prints one JSON line per figure.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diff_match_patch import diff_match_patch  # noqa: E402

from amendments.engine import (  # noqa: E402
    Candidate,
    Edit,
    apply_edits,
    find_collisions,
    merge,
    rebase,
    redline_html,
    word_diff,
)
from amendments.engine import diff as engine_diff  # noqa: E402

SEED = 20260101
VOCAB = (
    "the branch shall meet members may elect officers committee assembly vote ballot "
    "quorum majority dues region nation group delegate chair secretary treasurer rules "
    "policy motion proposal amendment right duty each every all any must not without "
    "notice days annual general meeting report accounts conference executive council "
    "of to in for by on with at from and or as be is are its their this that such which "
    "socialist democratic member local national welsh scottish equality solidarity workers"
).split()


BACKEND = {"name": engine_diff.backend()}


def emit(case: str, seconds: float | None = None, **extra) -> None:
    row = {"bench": "engine", "case": case, "diff_backend": BACKEND["name"]}
    if seconds is not None:
        row["seconds"] = round(seconds, 4)
    row.update(extra)
    print(json.dumps(row), flush=True)


def sentence(rng: random.Random, lo: int = 8, hi: int = 22) -> str:
    words = [rng.choice(VOCAB) for _ in range(rng.randint(lo, hi))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def constitution(rng: random.Random, target_words: int = 30_000) -> str:
    parts, words, art = ["# Constitution of the Organisation\n"], 0, 0
    while words < target_words:
        art += 1
        parts.append(f"\n## Article {art}: {sentence(rng, 2, 5)[:-1].title()}\n\n")
        for c in range(1, rng.randint(4, 9)):
            body = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
            parts.append(f"{art}.{c} {body}\n")
            if rng.random() < 0.3:
                for sub in "abc"[: rng.randint(1, 3)]:
                    parts.append(f"({sub}) {sentence(rng, 6, 14)}\n")
            words += len(body.split())
    return "".join(parts)


def word_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for w in text.split(" "):
        if w and "\n" not in w:
            out.append((pos, pos + len(w)))
        pos += len(w) + 1
    return out


def make_amendments(rng: random.Random, text: str, n: int, first_id: int, collide: float) -> list[Candidate]:
    """Word/phrase replacements, inserted sentences, deleted clauses; ``collide`` share overlap another."""
    spans = word_spans(text)
    lines = [(m, m + len(line)) for m, line in _line_starts(text)]
    cands: list[Candidate] = []
    used: list[tuple[int, int]] = []
    for i in range(n):
        kind = rng.choices(["word", "phrase", "sentence", "clause"], [50, 30, 17, 3])[0]
        if used and rng.random() < collide:
            s0, e0 = rng.choice(used)
            k = next((j for j, sp in enumerate(spans) if sp[0] >= s0), 0)
            kind = "word"
        else:
            k = rng.randrange(len(spans) - 8)
        if kind == "word":
            s, e = spans[k]
            edit = Edit(s, e, rng.choice(VOCAB))
        elif kind == "phrase":
            s, e = spans[k][0], spans[k + rng.randint(1, 5)][1]
            edit = Edit(s, e, " ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 6))))
        elif kind == "sentence":
            end = text.find(".", spans[k][0]) + 1
            edit = Edit(end, end, " " + sentence(rng))
        else:
            ls, le = lines[rng.randrange(len(lines))]
            edit = Edit(ls, min(le + 1, len(text)), "")
        used.append((edit.start, edit.end))
        cands.append(Candidate(first_id + i, (edit,), proposal_id=rng.randint(1, 40)))
    return cands


def _line_starts(text: str):
    pos = 0
    for line in text.split("\n"):
        if line and line[0].isdigit():
            yield pos, line
        pos += len(line) + 1


def bench_engine(base: str, cands: list[Candidate], later: str):
    t = time.perf_counter()
    groups = find_collisions(cands)
    t_coll = time.perf_counter() - t
    colliding = {i for g in groups for i in g}
    emit("collisions", t_coll, amendments=len(cands), groups=len(groups), colliding=len(colliding))

    t = time.perf_counter()
    merged = merge(base, cands)
    t_merge = time.perf_counter() - t
    emit("merge_non_colliding", t_merge, merged=len(merged.merged), skipped=len(merged.skipped),
         spans=len(merged.provenance))
    emit("collisions_plus_merge", t_coll + t_merge, goal_seconds=1.0, met=t_coll + t_merge <= 1.0)

    engine_diff._word_diff_cached.cache_clear()
    t = time.perf_counter()
    results = [rebase(c.edits, [base, later]) for c in cands]
    t_rebase = time.perf_counter() - t
    status = {s: sum(r.status == s for r in results) for s in ("clean", "review", "conflict")}
    emit("rebase_all_onto_version_with_50_changes", t_rebase, goal_seconds=2.0, met=t_rebase <= 2.0, **status)

    engine_diff._word_diff_cached.cache_clear()
    t = time.perf_counter()
    html = redline_html(base, merged.text, merged.provenance)
    t_red = time.perf_counter() - t
    emit("redline_whole_document", t_red, goal_seconds=0.2, met=t_red <= 0.2, html_bytes=len(html.encode()))
    side_t = time.perf_counter()
    redline_html(base, merged.text, merged.provenance, layout="side")
    emit("redline_whole_document_side_by_side", time.perf_counter() - side_t)
    return merged, groups


def bench_memory(base: str, cands: list[Candidate], later: str) -> None:
    engine_diff._word_diff_cached.cache_clear()
    tracemalloc.start()
    m = merge(base, cands)
    for c in cands[:200]:
        rebase(c.edits, [base, later])
    redline_html(base, m.text, m.provenance)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    emit("peak_memory_merge_rebase200_redline", None, peak_mib=round(peak / 2**20, 1))


def bench_naive_patch(base: str, cands: list[Candidate], merged_text: str, colliding: set[int]) -> None:
    """(a) diff-match-patch alone: patch_make per amendment, patch_apply one after another."""
    dmp = diff_match_patch()
    t = time.perf_counter()
    patches = [dmp.patch_make(base, apply_edits(base, c.edits)) for c in cands]
    t_make = time.perf_counter() - t
    t = time.perf_counter()
    text, failed = base, 0
    for p in patches:
        text, ok = dmp.patch_apply(p, text)
        failed += not all(ok)
    t_apply = time.perf_counter() - t
    text2, failed2 = base, 0
    for c, p in zip(cands, patches, strict=True):
        if c.id not in colliding:
            text2, ok = dmp.patch_apply(p, text2)
            failed2 += not all(ok)
    wrong = sum(op != "equal" for op, _ in word_diff(merged_text, text2))
    emit("naive_dmp_patch_apply", t_make + t_apply, make_seconds=round(t_make, 3),
         apply_seconds=round(t_apply, 3), failed_all=failed, failed_non_colliding=failed2,
         non_colliding_result_equals_engine=text2 == merged_text, differing_runs_vs_engine=wrong)


def bench_git_merge_file(rng: random.Random, base: str, cands: list[Candidate], groups) -> None:
    """(b) git merge-file on pairs: how often does line-based 3-way merge agree with our collisions?"""
    git = shutil.which("git")
    if not git:
        emit("git_merge_file", None, skipped="git not found")
        return
    by_id = {c.id: c for c in cands}
    pairs = []
    for g in groups[:100]:
        pairs.append((g[0], g[1]))
    while len(pairs) < 200:
        a, b = rng.sample(list(by_id), 2)
        pairs.append((a, b))
    agree = {"both_conflict": 0, "both_clean": 0, "git_only_conflict": 0, "engine_only_conflict": 0}
    t_total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "base").write_text(base, encoding="utf-8")
        for a, b in pairs:
            (d / "a").write_text(apply_edits(base, by_id[a].edits), encoding="utf-8")
            (d / "b").write_text(apply_edits(base, by_id[b].edits), encoding="utf-8")
            t = time.perf_counter()
            proc = subprocess.run([git, "merge-file", "-p", str(d / "a"), str(d / "base"), str(d / "b")],
                                  capture_output=True)
            t_total += time.perf_counter() - t
            git_conflict = proc.returncode != 0
            ours = bool(find_collisions([by_id[a], by_id[b]]))
            key = ("both_conflict" if ours else "git_only_conflict") if git_conflict else (
                "engine_only_conflict" if ours else "both_clean")
            agree[key] += 1
    emit("git_merge_file_pairs", t_total, pairs=len(pairs),
         per_merge_ms=round(1000 * t_total / len(pairs), 2),
         agreement=agree["both_conflict"] + agree["both_clean"], **agree)


def main() -> None:
    rng = random.Random(SEED)
    t = time.perf_counter()
    base = constitution(rng)
    cands = make_amendments(rng, base, 1000, 1, collide=0.04)
    others = make_amendments(random.Random(SEED + 1), base, 50, 5001, collide=0.0)
    later = merge(base, others).text
    emit("setup", time.perf_counter() - t, words=len(base.split()), chars=len(base),
         lines=base.count("\n"), later_changes=len(others))
    if engine_diff._fast is not None:
        engine_diff.set_backend("python")
        BACKEND["name"] = "python"
        bench_engine(base, cands, later)
        engine_diff.set_backend("fast")
        BACKEND["name"] = "fast"
    merged, groups = bench_engine(base, cands, later)
    colliding = {i for g in groups for i in g}
    bench_memory(base, cands, later)
    bench_naive_patch(base, cands, merged.text, colliding)
    bench_git_merge_file(random.Random(SEED + 2), base, cands, groups)


if __name__ == "__main__":
    main()
