"""Benchmark placing comment threads on a version page: a ~35,000-word constitution, a draft
chain of 10 merges (each changing 30 words), 500 threads on lines of the base text, shown on
the newest version (every thread carried through all 10 steps), cold (diffs computed) and warm
(diffs kept); and rendering 500 Markdown comments.

Run from the repo root: ``.venv/bin/python bench/discussion.py [--quick]``. One JSON line per figure.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20261205
VOCAB = ("the branch shall meet members may elect officers committee assembly vote ballot quorum majority "
         "dues region nation group delegate chair secretary treasurer rules policy motion proposal "
         "amendment").split()


def constitution(rng: random.Random, words: int) -> str:
    out, clause = [], 1
    while sum(len(p.split()) for p in out) < words:
        body = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(20, 60)))
        out.append(f"{clause}.1 {body.capitalize()}.")
        clause += 1
    return "\n\n".join(out) + "\n"


def changed(rng: random.Random, text: str, n: int) -> str:
    words = text.split(" ")
    for i in rng.sample(range(len(words)), n):
        if "\n" not in words[i]:
            words[i] = rng.choice(VOCAB)
    return " ".join(words)


def main() -> None:
    quick = "--quick" in sys.argv
    from app import create_app
    from config import TestConfig
    from deliberation.discussion import placement
    from deliberation.discussion.markdown import render
    from deliberation.discussion.models import Comment
    from extensions import db

    rng = random.Random(SEED)
    words, threads, steps = (8_000, 100, 5) if quick else (35_000, 500, 10)
    app = create_app(TestConfig(Path(tempfile.mkdtemp(prefix="bench-discussion-"))))
    with app.app_context():
        db.create_all()
        from amendments.engine import LineIndex
        from amendments.models import Version
        from amendments.services.versions import create_version
        from deliberation.assemblies.services import create_assembly
        from deliberation.models import Member
        admin = Member(name="Bench Admin", email="bench@example.org", is_admin=True)
        db.session.add(admin)
        db.session.flush()
        text = constitution(rng, words)
        assembly = create_assembly(admin, "Bench", text, [])
        base = assembly.current_version_id
        index = LineIndex(text, 80)
        for _ in range(threads):
            a = rng.randint(1, len(index.lines) - 3)
            b = a + rng.randint(0, 2)
            db.session.add(Comment(target="version", target_id=base, assembly_id=assembly.id,
                                   author_id=admin.id, version_id=base, char_start=index.span_of(a)[0],
                                   char_end=index.span_of(b)[1], line_from=a, line_to=b,
                                   body=f"Thread on **{a}–{b}**, see https://example.org"))
        parent, current = base, text
        for _ in range(steps):
            current = changed(rng, current, 30)
            parent = create_version(assembly.id, parent, "merge", current, [], admin.id).id
        db.session.commit()
        newest = db.session.get(Version, parent)
        for case in ("cold", "warm"):
            if case == "cold":
                placement._steps.clear()
            started = time.perf_counter()
            shown = placement.threads_on_version(newest)
            seconds = time.perf_counter() - started
            print(json.dumps({"bench": "discussion", "case": f"place_{case}", "words": len(text.split()),
                              "threads": len(shown), "gone": sum(t.gone for t in shown), "steps": steps,
                              "seconds": round(seconds, 4)}))
        bodies = [f"Comment {i} on **lines** with a [link](https://example.org/{i}) and @[Bench Admin]"
                  for i in range(threads)]
        render.cache_clear()
        started = time.perf_counter()
        for body in bodies:
            render(body)
        print(json.dumps({"bench": "discussion", "case": "render_markdown", "comments": threads,
                          "seconds": round(time.perf_counter() - started, 4)}))


if __name__ == "__main__":
    main()
