"""The Word export's tracked changes: one w:ins/w:del per changed span, authored by its source,
and Accept all / Reject all give back the two versions exactly."""
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from amendments.engine import Span, word_diff
from deliberation.exports.docx_version import version_docx
from deliberation.exports.model import Author, Authors, VersionPrint
from deliberation.exports.pieces import Source, attributed
from tests.support.docx_reading import all_revision_ids, changes, open_docx, resolve

LEEDS = Author("Amendment 12 — Leeds Central", datetime(2026, 11, 23, 10, 30), "12")
CARDIFF = Author("Amendment 14 — Caerdydd", datetime(2026, 11, 24, 9, 0), "14")
AUTHORS = Authors({Source(12, None): LEEDS, Source(14, None): CARDIFF}, Author("Chair's edit — Carol"))


def _docx(old: str, new: str, spans=()) -> bytes:
    pieces = attributed(word_diff(old, new), spans)
    return version_docx(VersionPrint("Assembly", "Version 3", new, [], pieces, AUTHORS, {}))


def test_each_changed_span_is_one_tracked_change_by_its_amendment():
    old = "# Rules\n\n1.1 Members pay dues every month to their branch.\n1.2 The chair is elected.\n"
    new = ("# Rules\n\n1.1 Members pay dues every year to their local group.\n"
           "1.2 The chair is elected yearly.\n")
    year, group = new.index("year"), new.index("local group")
    spans = [Span(year, year + 4, 12, None), Span(group, group + len("local group"), 14, None)]
    document = open_docx(_docx(old, new, spans))
    assert changes(document) == [
        ("del", LEEDS.name, "month"), ("ins", LEEDS.name, "year"),
        ("del", CARDIFF.name, "branch"), ("ins", CARDIFF.name, "local group"),
        ("ins", "Chair's edit — Carol", " yearly"),
    ]
    assert resolve(document, accept=True) == new
    assert resolve(document, accept=False) == old
    dated = [el.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}date")
             for el in document.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ins")]
    assert dated[:2] == ["2026-11-23T10:30:00Z", "2026-11-24T09:00:00Z"]
    ids = all_revision_ids(document)
    assert len(ids) == len(set(ids)) == 5


def test_inserted_and_deleted_line_breaks_are_tracked_paragraph_marks():
    old = "1. One\n2. Two\n3. Three"
    new = "1. One\n1a. Inserted clause\n2. Two, 3. Three"
    document = open_docx(_docx(old, new))
    assert resolve(document, accept=True) == new
    assert resolve(document, accept=False) == old
    marks = document.element.body.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr/")
    kinds = {m.tag.split("}")[1] for m in marks if m.tag.endswith(("}ins", "}del"))}
    assert kinds == {"ins", "del"}


def test_a_clean_export_has_no_tracked_changes_and_headings_are_styled():
    text = "# Constitution\n\n## 1. Name\n\n1.1 Enw'r mudiad yw Mudiad Cymru 🌱 — ŵ ŷ.\n"
    data = version_docx(VersionPrint("Assembly", "Version 1", text, [], None, None, {}))
    document = open_docx(data)
    assert changes(document) == []
    assert resolve(document, accept=True) == text
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Heading 1" and styles[2] == "Heading 2" and styles[4] == "Normal"


WORDS = st.sampled_from(["the", "chair", "ŵyr", "Cymru", "🌱", "1.2", "(a)", "##", "dues", "ballot"])
SEPS = st.sampled_from([" ", " ", " ", "\n", "\t", "\n\n", ", "])
TEXTS = st.lists(st.tuples(WORDS, SEPS), max_size=25).map(lambda ws: "".join(w + s for w, s in ws))


@settings(max_examples=60, deadline=None)
@given(TEXTS, TEXTS)
def test_accept_all_gives_the_version_and_reject_all_the_other(old, new):
    document = open_docx(_docx(old, new))
    assert resolve(document, accept=True) == new
    assert resolve(document, accept=False) == old
    ids = all_revision_ids(document)
    assert len(ids) == len(set(ids))
    # One tracked change on text for each changed run of each paragraph, none for equal text.
    expected = sum(1 for op, text in word_diff(old, new) if op != "equal"
                   for part in text.split("\n") if part)
    assert len(changes(document)) == expected
