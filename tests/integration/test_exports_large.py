"""A 35,000-word draft with a hundred merged amendments prints every numbered line, in a sensible
number of pages, and its redline as Word keeps one tracked change per changed span."""
import random
import re
import shutil
import subprocess

import pytest

from amendments.engine import LineIndex
from tests.support.docx_reading import changes, open_docx, resolve

WORDS = ("the branch shall meet members may elect officers committee assembly vote ballot quorum majority "
         "dues region nation group delegate chair secretary treasurer rules policy motion proposal amendment "
         "right duty each every all any must not without notice days annual general meeting report accounts "
         "Cymru ŵyr ŷd solidarity workers equality").split()


def draft(words: int = 35_000) -> str:
    rng = random.Random(35_000)
    parts, count, article = ["# Constitution\n"], 0, 0
    while count < words:
        article += 1
        parts.append(f"\n## Article {article}\n\n")
        for clause in range(1, 7):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90))) + "."
            parts.append(f"{article}.{clause} {body}\n\n")
            count += len(body.split())
    return "".join(parts)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is missing (make test installs it)")
def test_a_35000_word_draft_prints_every_line_in_sensible_pages(api, make_member, app, tmp_path):
    text = draft()
    admin, chair = make_member(admin=True), make_member("Chair")
    made = api(admin).post("/assemblies", {"title": "Large", "base_text": text, "chairs": [chair.email],
                                           "support_threshold": 0}).json
    base = made["current_version_id"]
    api(chair).post(f"/assemblies/{made['id']}/phase", {"phase": "amendments"})
    rng = random.Random(7)
    filed = {}
    for n, m in enumerate(rng.sample(list(re.finditer(r"\bballot\b", text)), 100)):
        changed = text[:m.start()] + f"vote{n}" + text[m.end():]
        sponsor = make_member()
        reply = api(sponsor).post(f"/assemblies/{made['id']}/amendments", {
            "base_version_id": base, "text": changed, "title": f"Change {n}", "rationale": ""})
        filed[reply.json["id"]] = sponsor.name
    merged = api(chair).post(f"/assemblies/{made['id']}/merge", {"amendment_ids": list(filed)}).json
    assert len(merged["merged"]) == 100
    version = merged["version_id"]
    new_text = api(chair).get(f"/versions/{version}").json["text"]

    reply = api(chair).get(f"/versions/{version}/export?format=pdf&against={base}")
    assert reply.status_code == 200
    (tmp_path / "large.pdf").write_bytes(reply.data)
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "large.pdf"), "-"],
                         capture_output=True, check=True, timeout=300).stdout.decode()
    rows = {re.sub(r"\s+", "", r) for r in out.splitlines()}  # pdftotext may see a gap after ŵ
    lines = LineIndex(new_text, app.config["LINE_WIDTH"]).lines
    missing = [ln.n for ln in lines if ln.text.strip() and "vote" not in ln.text
               and re.sub(r"\s+", "", f"{ln.n} {ln.text}") not in rows]
    assert missing == []
    marked = [r for r in rows if re.search(r"−\d+ballot\+\d+vote\d+", r)]
    assert len(marked) == 100
    pages = out.count("\f")
    assert len(new_text.split()) >= 35_000
    # About 50 numbered lines a page (this draft's short words make some 4,300 lines, 85 pages).
    assert len(lines) / 70 <= pages <= len(lines) / 40, (pages, len(lines))

    document = open_docx(api(chair).get(f"/versions/{version}/export?format=docx&against={base}").data)
    tracked = changes(document)
    assert len(tracked) == 200
    authors = {author for _kind, author, _text in tracked}
    # no group: named by its sponsor
    assert authors == {f"Amendment {i} — {name}" for i, name in filed.items()}
    assert resolve(document, accept=True) == new_text
