"""Search in the browser: from the header's box, with suggestions chosen by keyboard, to the
exact lines a hit names; the results page passes axe like every other page."""
import itertools

import browser_world as world

from amendments.engine import number_lines
from deliberation.assemblies.services import create_assembly
from extensions import db

_serial = itertools.count(1)


def searchable_world() -> dict:
    """An assembly whose text has a word no other test's has, and the line it is on."""
    word = f"Zephyrine{next(_serial)}"
    admin = world.member("Ada Admin", is_admin=True)
    reader = world.member("Rosa Reader")
    text = world.TEXT + f"\n## 3. Weather\n\n3.1 The {word} wind decides nothing at all.\n"
    assembly = create_assembly(admin, f"Search assembly {word}", text, [])
    db.session.commit()
    line = next(ln.n for ln in number_lines(text, 80) if word in ln.text)
    return {"reader": reader.email, "word": word, "assembly": assembly.id,
            "version": assembly.current_version_id,
            "line": line}


def test_a_suggestion_chosen_by_keyboard_opens_the_right_lines(ui, make):
    w = make(searchable_world)
    page = ui.page
    ui.sign_in(w["reader"], world.PASSWORD)
    box = page.get_by_role("combobox", name="Search proposals, amendments and clauses")
    box.fill(w["word"][:6].lower())
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    chosen = options.filter(has_text="3.1 · 3. Weather")
    assert chosen.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")
    options.first.wait_for()
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    n = w["line"]
    assert page.url.endswith(f"/versions/{w['version']}?lines={n}-{n}#L{n}")
    ui.audit()
    target = page.locator("li:target")
    assert target.get_attribute("value") == str(n) and w["word"] in target.inner_text()
    assert page.locator("li.marked").count() == 1


def test_searching_from_the_header_lists_hits_that_open_their_lines(ui, make):
    w = make(searchable_world)
    page = ui.page
    ui.sign_in(w["reader"], world.PASSWORD)
    box = page.get_by_role("combobox", name="Search proposals, amendments and clauses")
    box.fill(f'"{w["word"]} wind"')
    with page.expect_navigation():
        box.press("Enter")  # no suggestion chosen: the search itself
    ui.audit()
    results = page.locator("ol.search-results > li")
    assert results.count() == 1
    assert results.locator("mark").all_inner_texts() == [w["word"], "wind"]
    assert results.locator(".ln").inner_text() == str(w["line"])
    ui.submit(results.get_by_role("link", name="3.1 · 3. Weather"))
    assert page.locator("li:target").get_attribute("value") == str(w["line"])


def test_a_query_that_cannot_run_is_explained_beside_the_box(ui, make):
    w = make(searchable_world)
    page = ui.page
    ui.sign_in(w["reader"], world.PASSWORD)
    ui.goto("/search?q=NOT+wind", status=400)
    box = page.get_by_label("Search for")
    assert box.get_attribute("aria-invalid") == "true"
    assert "NOT only leaves things out" in page.locator("#search-q-error").inner_text()
    page.get_by_label("Kind").select_option(label="Clause")
    box.fill(w["word"])
    ui.submit(page.locator("main").get_by_role("button", name="Search"), status=200)
    assert page.locator("ol.search-results > li").count() == 1
