"""redline_html: escaped, numbered, grouped by clause, attributed and accessible."""

import re

import pytest

from amendments.engine import Candidate, edits_between, merge, redline_html

OLD = "# Rules\n\n1. The branch shall meet once a year.\n2. Members pay dues <monthly> & more.\n"
NEW = OLD.replace("once", "twice").replace("<monthly>", "annually")


def _merged():
    a = Candidate(12, edits_between(OLD, OLD.replace("once", "twice")), 3)
    b = Candidate(13, edits_between(OLD, OLD.replace("<monthly>", "annually")))
    return merge(OLD, [a, b])


def _visible(html):
    html = re.sub(r'<span class="sr-only">.*?</span>', "", html)
    html = re.sub(r'<span class="ln"[^>]*>\d+</span>', "", html)
    html = re.sub(r"<del[^>]*>.*?</del>", "", html)
    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_inline_marks_words_and_escapes():
    html = redline_html(OLD, NEW)
    assert "<monthly>" not in html and "&lt;monthly&gt;" in html and "&amp; more" in html
    assert re.search(r"<del[^>]*><span class=\"sr-only\">\[deleted: </span>once"
                     r"<span class=\"sr-only\">\]</span></del>", html)
    assert re.search(r"<ins[^>]*><span class=\"sr-only\">\[inserted: </span>twice", html)
    assert html.count("<li ") == 4  # lines of the new text


def test_inline_line_numbers_and_sections():
    html = redline_html(OLD, NEW)
    assert [int(n) for n in re.findall(r'<li class="[^"]*" value="(\d+)"', html)] == [1, 2, 3, 4]
    assert html.count('<section class="clause"') == 3
    assert 'data-clause="1"' in html and 'data-clause="2"' in html
    assert html.count("<ol class=\"redline\">") == html.count("</ol>")


def test_inline_visible_text_is_new_text():
    html = redline_html(OLD, NEW)
    lines = re.findall(r"<li [^>]*>(.*?)</li>", html)
    assert [_visible(x) for x in lines] == NEW.rstrip("\n").split("\n")


def test_provenance_attributes_and_labels():
    m = _merged()
    html = redline_html(OLD, m.text, m.provenance, {12: 'Amendment 12 — Leeds "group"'})
    assert re.search(r'<ins data-amendment="12" data-proposal="3" '
                     r'title="Amendment 12 — Leeds &quot;group&quot;" tabindex="0">', html)
    assert re.search(r'<del data-amendment="12" data-proposal="3"[^>]*tabindex="0">', html)
    assert 'data-amendment="13"' in html and 'title="Amendment 13"' in html


def test_no_provenance_no_attributes():
    html = redline_html(OLD, NEW)
    assert "data-amendment" not in html and "tabindex" not in html


def test_side_by_side_layout():
    m = _merged()
    html = redline_html(OLD, m.text, m.provenance, layout="side")
    assert html.startswith('<table class="redline side">') and html.endswith("</table>")
    assert "<thead>" in html and html.count('<tbody class="clause"') == 3
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", html)
    assert len(rows) == 4
    old_cell = re.findall(r'<td class="old">(.*?)</td>', rows[2])[0]
    new_cell = re.findall(r'<td class="new">(.*?)</td>', rows[2])[0]
    assert "<del" in old_cell and "<ins" not in old_cell
    assert "<ins" in new_cell and "<del" not in new_cell


def test_side_by_side_unequal_lines():
    old = "a\nb\nc\n"
    new = "a\nb\nnew line\nc\nd\n"
    html = redline_html(old, new, layout="side")
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", html)
    nums = [re.findall(r'<td class="ln">(\d*)</td>', r) for r in rows]
    assert [n[1] for n in nums] == ["1", "2", "3", "4", "5"]
    assert [n[0] for n in nums].count("") == 2


def test_unicode_and_zero_width_are_escaped_and_kept():
    old = "Mae'r ŵyn 👩‍👩‍👧 yma\u200b. שלום\n"
    new = old.replace("ŵyn", "ŷd").replace("שלום", "שלום רב")
    html = redline_html(old, new)
    assert "ŷd" in html and "ŵyn" in html and "\u200b" in html and "👩‍👩‍👧" in html
    assert "שלום" in html


def test_unknown_layout():
    with pytest.raises(ValueError):
        redline_html("a", "b", layout="bogus")


def test_deleted_lines_appear_in_inline_view():
    old = "keep\ndrop this line\nkeep too\n"
    new = "keep\nkeep too\n"
    html = redline_html(old, new)
    assert "drop this line" in html and html.count("<li ") == 2
