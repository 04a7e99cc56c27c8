"""The browser numbers lines as lines.py does: static/src/lines.js run in Node on the shared vectors.

tests/vectors/lines.json holds lines.py's numbering of every version in ../shared/data/constitution-history
and of adversarial strings; it must equal what lines.py says now, and Node must agree with it line for line.
"""
import json
import os
import shutil
import subprocess

import pytest

from tests.vectors.lines_vectors import PATH, build, history_texts, spans

ROOT = PATH.parents[2]
CHECK = PATH.with_name("lines_check.mjs")


@pytest.fixture(scope="module")
def vectors() -> dict:
    if not history_texts():
        pytest.skip("../shared/data/constitution-history is not here")
    return json.loads(PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def node_run(vectors) -> tuple[list[dict], dict]:
    """The vector cases with their texts, and what lines.js makes of them."""
    node = shutil.which("node")
    if not node:
        if os.environ.get("CI"):
            pytest.fail("node is not on PATH")
        pytest.skip("node is not on PATH")
    texts = history_texts()
    cases = [c | {"text": c["text"] if "text" in c else texts[c["name"]]} for c in vectors["cases"]]
    payload = {"cases": [{"text": c["text"], "width": c["width"], "cites": [q[:2] for q in c["cites"]]}
                         for c in cases]}
    done = subprocess.run([node, "--no-warnings", str(CHECK)], input=json.dumps(payload), capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return cases, json.loads(done.stdout)


def test_committed_vectors_are_what_lines_py_says_now(vectors):
    fresh = build()
    stale = [c["name"] for c, f in zip(vectors["cases"], fresh["cases"], strict=False) if c != f]
    assert len(vectors["cases"]) == len(fresh["cases"]) and not stale, (
        f"tests/vectors/lines.json is out of date for {stale[:5]}: "
        "run `python -m tests.vectors.lines_vectors` and review the diff")


def test_javascript_numbers_every_line_as_python_does(node_run):
    cases, out = node_run
    assert len(out["results"]) == len(cases)
    differences = []
    for case, got in zip(cases, out["results"], strict=True):
        want = [list(s) for s in spans(case["lines"])]
        if got["spans"] != want:
            pairs = enumerate(zip(got["spans"], want, strict=False))
            first = next((i for i, (a, b) in pairs if a != b), min(len(got["spans"]), len(want)))
            differences.append(f"{case['name']} width {case['width']}: line {first + 1} is "
                               f"{got['spans'][first:first + 1]} in JS, {want[first:first + 1]} in Python")
        cited = [q[2:] for q in case["cites"]]
        if got["cites"] != cited:
            differences.append(f"{case['name']}: cites {got['cites']} in JS, {cited} in Python")
    assert differences == [], f"{len(differences)} differences:\n" + "\n".join(differences[:20])
    assert sum(len(c["lines"]) for c in cases) > 10_000  # the whole charter history, not a sample


def test_javascript_whitespace_is_pythons(node_run):
    _, out = node_run
    assert out["spaces"] == [c for c in range(0x110000) if chr(c).isspace()]
