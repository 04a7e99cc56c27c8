"""Exports read back: PDF text through pdftotext (every numbered line, the redline marks), the
first page as a PNG, DOCX tracked changes through python-docx, Markdown byte for byte, the
booklet and the decisions sheet; and every wrong choice a 400."""
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone

import pytest
from pages import sign_in
from PIL import Image

from amendments.engine import LineIndex
from tests.support.docx_reading import changes, open_docx, resolve

TEXT = """# Cyfansoddiad — Constitution

## 1. Name

1.1 The organisation is called Mudiad Cymru 🌱, the Example Movement, in Welsh and English alike (ŵ ŷ).

1.2 Its members are the people who have joined it and pay their dues every month to their local branch.

## 2. Assembly

2.1 The assembly meets once a year and decides the policy of the organisation.

2.2 A quorum of the assembly is one hundred delegates.
"""
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
                                   reason="poppler-utils is missing (make test installs it)")


def pdftotext(data: bytes, tmp_path, layout: bool = True) -> str:
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout.decode("utf-8")


def page_count(data: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, timeout=60).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def bare(text: str) -> str:
    """Text without whitespace: pdftotext sometimes sees a gap inside a word (after ŵ, say)."""
    return re.sub(r"\s+", "", text)


def numbered_rows(pdf_text: str) -> set[str]:
    """The PDF's rows (pdftotext -layout keeps each line on one), whitespace removed."""
    return {bare(row) for row in pdf_text.splitlines() if row.strip()}


@pytest.fixture
def world(api, make_member, make_group):
    """An assembly with a merge of two groups' amendments, one rejected and one still open."""
    admin, chair = make_member(admin=True), make_member("Carol Chair")
    ann, bryn, cai = make_member("Ann Lee"), make_member("Bryn Ŵyn"), make_member("Cai Open")
    leeds = make_group("Leeds Central", members=[ann])
    cardiff = make_group("Caerdydd", members=[bryn])
    made = api(admin).post("/assemblies", {"title": "Refounding 🌱", "base_text": TEXT,
                                           "chairs": [chair.email], "support_threshold": 0})
    assert made.status_code == 201, made.json
    assembly, base = made.json["id"], made.json["current_version_id"]
    assert api(chair).post(f"/assemblies/{assembly}/phase", {"phase": "amendments"}).status_code == 200

    def file(member, group, old, new, title, rationale=""):
        reply = api(member).post(f"/assemblies/{assembly}/amendments", {
            "base_version_id": base, "text": TEXT.replace(old, new), "title": title, "rationale": rationale,
            "group_id": group.id if group else None})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]

    yearly = file(ann, leeds, "every month to their local branch", "every year to their local group",
                  "Yearly dues", "Monthly payments cost the branches too much.\n\nA year is simpler.")
    quorum = file(bryn, cardiff, "one hundred delegates", "a third of all delegates", "Quorum as a share")
    rejected = file(cai, None, "meets once a year", "meets twice a year", "Two assemblies")
    merged = api(chair).post(f"/assemblies/{assembly}/merge", {"amendment_ids": [yearly, quorum]})
    assert merged.status_code == 200 and sorted(merged.json["merged"]) == sorted([yearly, quorum]), \
        merged.json
    decided = api(chair).post(f"/amendments/{rejected}/status", {"status": "rejected",
                                                                  "reason": "One assembly a year is enough."})
    assert decided.status_code == 200, decided.json
    api(admin).post(f"/assemblies/{assembly}/phase", {"phase": "amendments"})
    opened = file(cai, None, "The assembly meets", "The national assembly meets", "Name the assembly")
    return {"admin": admin, "chair": chair, "member": cai, "assembly": assembly, "base": base,
            "draft": merged.json["version_id"], "yearly": yearly, "quorum": quorum, "rejected": rejected,
            "open": opened, "ann": ann, "bryn": bryn}


def _download(reply, content_type: str, filename: str) -> bytes:
    assert reply.status_code == 200, reply.data[:300]
    assert reply.headers["Content-Type"] == content_type
    assert reply.headers["Content-Disposition"] == f"attachment; filename={filename}"
    return reply.data


def test_markdown_is_the_text_byte_for_byte_and_its_redline_is_criticmarkup(api, world):
    member, v, a = world["member"], world["draft"], world["assembly"]
    text = api(member).get(f"/versions/{v}").json["text"]
    data = _download(api(member).get(f"/versions/{v}/export?format=md"), "text/markdown; charset=utf-8",
                     f"assembly-{a}-version-{v}.md")
    assert data == text.encode("utf-8")
    again = api(world["admin"]).post("/assemblies",
                                     {"title": "Round trip", "base_text": data.decode("utf-8")})
    assert api(member).get(f"/versions/{again.json['current_version_id']}").json["sha256"] == \
        api(member).get(f"/versions/{v}").json["sha256"]

    marked = _download(api(member).get(f"/versions/{v}/export?format=md&against={world['base']}"),
                       "text/markdown; charset=utf-8", f"assembly-{a}-version-{v}-against-{world['base']}.md")
    marked = marked.decode("utf-8")
    assert "{--month--}{++year++}" in marked
    assert f"{{>>Amendment {world['yearly']} — Leeds Central<<}}" in marked
    assert f"{{>>Amendment {world['quorum']} — Caerdydd<<}}" in marked
    plain = re.sub(r"\{>>.*?<<\}", "", marked)
    assert re.sub(r"\{--.*?--\}", "", plain).replace("{++", "").replace("++}", "") == text
    assert re.sub(r"\{\+\+.*?\+\+\}", "", plain).replace("{--", "").replace("--}", "") == TEXT


def test_docx_tracks_each_changed_span_with_its_amendment_and_group(api, world):
    member, v, base = world["member"], world["draft"], world["base"]
    data = _download(api(member).get(f"/versions/{v}/export?format=docx&against={base}"), DOCX,
                     f"assembly-{world['assembly']}-version-{v}-against-{base}.docx")
    document = open_docx(data)
    leeds, cardiff = f"Amendment {world['yearly']} — Leeds Central", f"Amendment {world['quorum']} — Caerdydd"
    tracked = changes(document)
    assert sorted(tracked) == sorted([
        ("del", leeds, "month"), ("ins", leeds, "year"), ("del", leeds, "branch"), ("ins", leeds, "group"),
        ("del", cardiff, "one hundred"), ("ins", cardiff, "a third of all")])
    text = api(member).get(f"/versions/{v}").json["text"]
    assert resolve(document, accept=True) == text
    assert resolve(document, accept=False) == TEXT
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    dates = {el.get(w + "date") for el in document.element.body.iter(w + "ins", w + "del")}
    assert len(dates) == 1 and dates.pop().startswith(today)

    clean = open_docx(_download(api(member).get(f"/versions/{v}/export?format=docx"), DOCX,
                                f"assembly-{world['assembly']}-version-{v}.docx"))
    assert changes(clean) == [] and resolve(clean, accept=True) == text
    assert [p.style.name for p in clean.paragraphs][:3] == ["Heading 1", "Normal", "Heading 2"]


@needs_poppler
def test_pdf_has_every_line_with_its_number_and_the_redline_marks(api, world, app, tmp_path):
    member, v, base = world["member"], world["draft"], world["base"]
    text = api(member).get(f"/versions/{v}").json["text"]
    lines = LineIndex(text, app.config["LINE_WIDTH"]).lines
    clean = _download(api(member).get(f"/versions/{v}/export?format=pdf"), "application/pdf",
                      f"assembly-{world['assembly']}-version-{v}.pdf")
    rows = numbered_rows(pdftotext(clean, tmp_path))
    for ln in lines:
        assert bare(f"{ln.n} {ln.text}") in rows, f"line {ln.n} missing"
    assert "Page1of1" in rows and "Refounding🌱" in rows

    red = pdftotext(_download(api(member).get(f"/versions/{v}/export?format=pdf&against={base}"),
                              "application/pdf",
                              f"assembly-{world['assembly']}-version-{v}-against-{base}.pdf"),
                    tmp_path)
    y, q = world["yearly"], world["quorum"]
    dues = next(ln for ln in lines if "every year" in ln.text)
    quorum = next(ln for ln in lines if "quorum" in ln.text)
    red_rows = numbered_rows(red)
    assert any(r.startswith(f"{dues.n}1.2") and f"−{y}month+{y}year" in r for r in red_rows), red
    assert any(r.startswith(f"{quorum.n}2.2") and f"−{q}onehundred+{q}athirdofall" in r
               for r in red_rows), red
    assert "Key: inserted words are underlined" in squash(red)


@needs_poppler
def test_the_first_page_renders_to_png(api, world, tmp_path):
    data = api(world["member"]).get(
        f"/versions/{world['draft']}/export?format=pdf&against={world['base']}").data
    (tmp_path / "draft.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "draft.pdf"), str(tmp_path / "page")], check=True, timeout=120)
    assert (tmp_path / "page.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(tmp_path / "page.png") as page:
        width, height = page.size
        assert abs(width - 413) <= 1 and abs(height - 585) <= 1  # A4 at 50 dpi
        grey = page.convert("L")
        inked = sum(grey.histogram()[:128])  # dark pixels: the text and its numbers
        assert 0.005 * width * height < inked < 0.3 * width * height


@needs_poppler
def test_the_booklet_lists_every_amendment_in_line_order_with_its_redline(api, world, tmp_path):
    member, a = world["member"], world["assembly"]
    data = _download(api(member).get(f"/assemblies/{a}/booklet?format=pdf&kind=amendments"),
                     "application/pdf", f"assembly-{a}-amendments.pdf")
    text = squash(pdftotext(data, tmp_path, layout=False))
    order = [text.index(f"Amendment {i}:") for i in (world["yearly"], world["rejected"], world["open"],
                                                    world["quorum"])]
    assert order == sorted(order)
    assert f"1. Amendment {world['yearly']}: Yearly dues" in text
    assert f"4. Amendment {world['quorum']}: Quorum as a share" in text
    assert "Sponsor Ann Lee (Leeds Central)" in text and "Sponsor Bryn Ŵyn (Caerdydd)" in text
    assert "Monthly payments cost the branches too much. A year is simpler." in text
    assert "−month+year" in text.replace(" ", "")
    assert "No rationale was given." in text
    assert re.search(r"Lines \d+ of version " + str(world["base"]), text)

    sheet = squash(pdftotext(_download(api(member).get(f"/assemblies/{a}/booklet?format=pdf&kind=decisions"),
                                       "application/pdf", f"assembly-{a}-decisions.pdf"), tmp_path,
                             layout=False))
    assert f"Merged into version {world['draft']}." in sheet
    assert "Rejected by the chair. One assembly a year is enough." in sheet
    assert "Still gathering support" not in sheet  # the threshold is 0: filing admits
    assert "Admitted; not merged." in sheet


def test_the_booklet_and_decisions_open_in_word(api, world):
    member, a = world["member"], world["assembly"]
    booklet = open_docx(_download(api(member).get(f"/assemblies/{a}/booklet?format=docx&kind=amendments"),
                                  DOCX, f"assembly-{a}-amendments.docx"))
    headings = [p.text for p in booklet.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == f"1. Amendment {world['yearly']}: Yearly dues" and len(headings) == 4
    body = "\n".join(p.text for p in booklet.paragraphs)
    assert "Sponsor: Ann Lee (Leeds Central)" in body and "A year is simpler." in body
    sheet = open_docx(_download(api(member).get(f"/assemblies/{a}/booklet?format=docx&kind=decisions"), DOCX,
                                f"assembly-{a}-decisions.docx"))
    cells = [[c.text for c in row.cells] for row in sheet.tables[0].rows]
    assert cells[0] == ["Amendment", "Lines", "Sponsor", "Outcome", "What happened, and why"]
    rejected = next(r for r in cells if r[0].startswith(f"Amendment {world['rejected']}:"))
    assert "rejected" in rejected[3] and "One assembly a year is enough." in rejected[4]


def test_wrong_choices_are_400s_and_the_api_needs_a_token(api, world, make_assembly):
    member, v, a = api(world["member"]), world["draft"], world["assembly"]
    other = make_assembly(title="Another").current_version_id
    cases = {
        f"/versions/{v}/export": ("missing_field", "format"),
        f"/versions/{v}/export?format=odt": ("invalid_field", "format"),
        f"/versions/{v}/export?format=pdf&against=abc": ("invalid_field", "against"),
        f"/versions/{v}/export?format=pdf&against=-1": ("invalid_field", "against"),
        f"/versions/{v}/export?format=docx&against=99999": ("unknown_version", "against"),
        f"/versions/{v}/export?format=md&against={other}": ("different_assemblies", "against"),
        f"/assemblies/{a}/booklet?format=md&kind=amendments": ("invalid_field", "format"),
        f"/assemblies/{a}/booklet?format=pdf&kind=minutes": ("invalid_field", "kind"),
        f"/assemblies/{a}/booklet?format=pdf": ("missing_field", "kind"),
    }
    for path, (code, field) in cases.items():
        reply = member.get(path)
        assert reply.status_code == 400, path
        assert reply.json["error"]["code"] == code and reply.json["error"]["field"] == field, \
            (path, reply.json)
    assert member.get("/versions/99999/export?format=pdf").status_code == 404
    assert member.get("/assemblies/99999/booklet?format=pdf&kind=amendments").status_code == 404
    assert api(None).get(f"/versions/{v}/export?format=md").status_code == 401
    assert api(None).get(f"/assemblies/{a}/booklet?format=pdf&kind=amendments").status_code == 401


def test_the_pages_download_for_signed_in_members_only(app, world):
    client = app.test_client()
    v, a = world["draft"], world["assembly"]
    assert client.get(f"/versions/{v}/export?format=md").status_code == 302  # to sign in
    assert sign_in(client, world["member"].email, "correct horse").status_code == 302
    reply = client.get(f"/versions/{v}/export?format=md&against={world['base']}")
    assert reply.status_code == 200 \
        and reply.headers["Content-Disposition"].endswith(f"-against-{world['base']}.md")
    assert client.get(f"/assemblies/{a}/booklet?format=docx&kind=decisions").headers["Content-Type"] == DOCX
    bad = client.get(f"/versions/{v}/export?format=odt")
    assert bad.status_code == 400 and b"format" in bad.data
    for page, wanted in ((f"/versions/{v}", f'action="/versions/{v}/export"'),
                         (f"/assemblies/{a}/draft",
                          f"/versions/{v}/export?format=docx&amp;against={world['base']}"),
                         (f"/assemblies/{a}", f"/assemblies/{a}/booklet?kind=amendments&amp;format=pdf")):
        html = client.get(page).text
        assert wanted in html, page
    assert f'<option value="{world["base"]}">' in client.get(f"/versions/{v}").text


def test_openapi_describes_both_downloads(api, world):
    paths = api(world["member"]).get("/openapi.json").json["paths"]
    export = paths["/versions/{id}/export"]["get"]
    assert {p["name"]: p["in"] for p in export["parameters"]} == {"id": "path", "format": "query",
                                                                  "against": "query"}
    assert set(export["responses"]["200"]["content"]) == {"application/pdf", DOCX, "text/markdown"}
    booklet = paths["/assemblies/{id}/booklet"]["get"]
    assert [p["schema"].get("enum") for p in booklet["parameters"] if p["in"] == "query"] == [
        ["pdf", "docx"], ["amendments", "decisions"]]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed (optional)")
def test_libreoffice_reads_the_tracked_changes_with_their_authors(api, world, tmp_path):
    data = api(world["member"]).get(
        f"/versions/{world['draft']}/export?format=docx&against={world['base']}").data
    (tmp_path / "draft.docx").write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(tmp_path / "draft.docx")],
                   capture_output=True, check=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "draft.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    creators = set(re.findall(r"<dc:creator>(.*?)</dc:creator>", content))
    assert creators == {f"Amendment {world['yearly']} — Leeds Central",
                        f"Amendment {world['quorum']} — Caerdydd"}
    assert content.count("<text:insertion>") == 3 and content.count("<text:deletion>") == 3
