"""The live editor numbers the text as the assembly does: the number beside a sentence in the editor is the
number of its line on the version page once the proposal is submitted, and a selection cites those lines."""
import re

import browser_world as world
import pytest
from conftest import WIDTH

pytestmark = pytest.mark.timeout(120)

# Typed at the end of clause 1.1, so it wraps onto official continuation lines and renumbers what follows.
TYPED = (" Its branches are free to choose their own officers, to meet as often as they wish and to speak for"
         " the movement in their own area, in Welsh or in English, ŵ ŷ 🎉.")
# Each within one official line: a paragraph's first line, continuation lines, and lines after the typing.
# "meet as often" is on a row the 360 px screen wraps: the number beside it is its official line's.
PHRASES = ["1.1 The organisation", "choose their own", "meet as often", "in Welsh or in English",
           "pay their dues", "to their local", "2.2 A quorum", "decides the policy"]


def numbered_world() -> dict:
    """An organiser's draft proposal seeded with the demo constitution."""
    from deliberation.models import Assembly, Group, Member
    from deliberation.proposals.services import create_proposal
    from extensions import db
    data = world.proposal_world()
    organiser = db.session.scalar(db.select(Member).where(Member.email == data["organiser"]))
    group_id = db.session.scalar(db.select(Group.id).where(Group.name == data["organiser_group"]))
    proposal = create_proposal(organiser, db.session.get(Assembly, data["assembly"]), group_id,
                               "Numbered proposal", world.TEXT)
    return data | {"proposal": proposal.id, "room": proposal.room}


# The number in the margin beside the row where `phrase` starts: the nearest number at or above it.
BESIDE = """([room, phrase]) => {
  const view = window.refoundLive.rooms[room].view
  const at = view.state.doc.toString().indexOf(phrase)
  const top = view.coordsAtPos(at, 1).top
  let best = null
  for (const el of view.contentDOM.querySelectorAll('.cm-ol-start, .cm-ol-break > .cm-ol-n')) {
    const t = el.getBoundingClientRect().top
    if (t <= top + 2 && (best === null || t >= best.t)) best = {t, n: Number(el.textContent)}
  }
  return best && best.n
}"""

SELECT = """([room, a, b]) => {
  const view = window.refoundLive.rooms[room].view
  const text = view.state.doc.toString()
  view.focus()
  view.dispatch({selection: {anchor: text.indexOf(a), head: text.indexOf(b) + b.length}})
}"""

AFTER_CLAUSE_1_1 = """r => {
  const v = window.refoundLive.rooms[r].view
  v.focus()
  v.dispatch({selection: {anchor: v.state.doc.toString().indexOf('Movement.') + 'Movement.'.length}})
}"""


def status_lines(page) -> str:
    return page.evaluate("() => { const el = document.querySelector('.live-lines');"
                         "  return (el.querySelector('.live-lines-text') || el).textContent }")


def test_the_editor_shows_the_official_numbers_the_version_page_prints(ui, make):
    data = make(numbered_world)
    room = data["room"]
    page = ui.page
    ui.sign_in(data["organiser"], world.PASSWORD)
    ui.goto(f"/proposals/{data['proposal']}")
    page.wait_for_function("r => window.refoundLive?.rooms[r]?.synced "
                           "&& window.refoundLive.rooms[r].writable", arg=room)
    assert page.locator(".cm-ol-start").first.text_content() == "1"

    # Type at the end of clause 1.1, by keyboard.
    page.evaluate(AFTER_CLAUSE_1_1, room)
    page.keyboard.type(TYPED, delay=5)
    page.wait_for_function("([r, t]) => window.refoundLive.text(r).includes(t)", arg=[room, TYPED])
    page.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)
    expected = world.TEXT.replace("Movement.", "Movement." + TYPED)
    # the numbers added no characters
    assert page.evaluate("r => window.refoundLive.text(r)", room) == expected
    # no sideways scroll inside either
    assert page.evaluate("() => { const s = document.querySelector('.cm-scroller');"
                         "              return s.scrollWidth <= s.clientWidth }")
    ui.audit()

    beside = {p: page.evaluate(BESIDE, [room, p]) for p in PHRASES}
    # clause 1.1 and 1.2 wrap: continuation rows are numbered
    assert page.locator(".cm-ol-break").count() >= 3

    # The cursor is where it was typed: one line; a selection across paragraphs cites lines X–Y.
    assert re.fullmatch(r"line \d+", status_lines(page))
    page.evaluate(SELECT, [room, "meet as often", "pay their dues"])
    selected = status_lines(page)

    # A selection made with the keyboard across a wrap break cites both lines.
    page.evaluate(SELECT, [room, "choose their own", "choose"])
    for key in ["Home", "ArrowLeft", "Shift+ArrowRight", "Shift+ArrowRight"]:  # Home: the row starts there
        page.keyboard.press(key)
    across_break = status_lines(page)
    assert page.evaluate("r => document.querySelector(`[data-live-room='${r}']`).dataset.lineTo", room) == \
        across_break.split("–")[-1]  # also exposed for citing from the editor

    # A comment filed from the editor cites the lines the selection shows.
    page.evaluate(SELECT, [room, "meet as often", "pay their dues"])
    page.get_by_role("button", name="Comment on these lines").click()
    assert page.evaluate("() => document.activeElement.name") == "body"  # straight to the comment box
    page.keyboard.type("Should branches really meet this often?")
    cited = selected.removeprefix("lines ").split("–")
    assert [page.get_by_label("From line").input_value(), page.get_by_label("To line").input_value()] == cited
    page.get_by_role("button", name="Post comment").click()
    thread = page.locator(".thread", has_text="Should branches really meet this often?")
    thread.wait_for()
    assert f"Lines {cited[0]}–{cited[1]} of the draft, as it read on" in thread.inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    ui.submit(page.get_by_role("button", name="Submit the proposal"))
    ui.goto(page.locator("a", has_text=re.compile(r"^Version \d+$")).get_attribute("href"))
    printed = {}
    for li in page.locator("ol.numbered > li").all():
        n, text = int(li.get_attribute("value")), li.locator(".lt").text_content()
        for p in PHRASES:
            if p in text:
                assert p not in printed, f"{p!r} is on two lines of the version page"
                printed[p] = n
    assert set(printed) == set(PHRASES)
    assert beside == printed
    # a continuation has its own number
    assert printed["choose their own"] == printed["1.1 The organisation"] + 1
    assert selected == f"lines {printed['meet as often']}–{printed['pay their dues']}"
    assert across_break == f"lines {printed['1.1 The organisation']}–{printed['choose their own']}"


def test_another_editors_typing_renumbers_the_lines_below_it(ui, browser, server, make):
    data = make(numbered_world)
    room = data["room"]
    page = ui.page
    ui.sign_in(data["organiser"], world.PASSWORD)
    ui.goto(f"/proposals/{data['proposal']}")
    ready = "r => window.refoundLive?.rooms[r]?.synced && window.refoundLive.rooms[r].writable"
    page.wait_for_function(ready, arg=room)
    assert page.evaluate(BESIDE, [room, "2.2 A quorum"]) == 14  # clause 1.2 is two lines

    other = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="en-GB")
    try:
        them = other.new_page()
        them.goto(server.url + "/login")
        them.get_by_label("Email").fill(data["organiser"])
        them.get_by_label("Password").fill(world.PASSWORD)
        with them.expect_navigation():
            them.locator("main").get_by_role("button", name="Sign in").click()
        them.goto(f"{server.url}/proposals/{data['proposal']}")
        them.wait_for_function(ready, arg=room)
        them.evaluate(AFTER_CLAUSE_1_1, room)
        them.keyboard.type(TYPED, delay=2)
        page.wait_for_function("([r, t]) => window.refoundLive.text(r).includes(t)", arg=[room, TYPED])
        page.wait_for_function(f"([r, p]) => ({BESIDE})([r, p]) === 16", arg=[room, "2.2 A quorum"])
        assert page.evaluate(BESIDE, [room, "choose their own"]) == 6
    finally:
        other.close()


def test_a_200_kb_constitution_is_numbered_to_its_last_line(ui, make):
    """How fast it renumbers is bench/lines.mjs's figure; here, that every keystroke keeps the count right."""
    from tests.support.history import load_versions
    big = "\n".join(load_versions() or [world.TEXT])
    big = (big * (200_000 // len(big) + 1))[:200_000]
    data = make(numbered_world)
    room = data["room"]
    page = ui.page
    ui.sign_in(data["organiser"], world.PASSWORD)
    ui.goto(f"/proposals/{data['proposal']}")
    page.wait_for_function("r => window.refoundLive?.rooms[r]?.synced", arg=room)
    page.evaluate("""([r, big]) => {
      const v = window.refoundLive.rooms[r].view
      v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: big}})
      for (let i = 0; i < 40; i++) {  // keystrokes in the middle, each renumbering the whole text
        const at = Math.floor(v.state.doc.length / 2)
        v.dispatch({changes: {from: at, insert: i % 5 ? 'x' : ' '}, selection: {anchor: at + 1}})
      }
    }""", [room, big])

    # Scrolled to the end, the last number is the version page's last line number.
    page.evaluate("""r => { const v = window.refoundLive.rooms[r].view
                            v.dispatch({selection: {anchor: v.state.doc.length}, scrollIntoView: true}) }""",
                  room)
    last = """r => { const n = [...window.refoundLive.rooms[r].view.contentDOM
                          .querySelectorAll('.cm-ol-start, .cm-ol-break > .cm-ol-n')]
                          .map(e => Number(e.textContent))
                     return n.length ? Math.max(...n) : 0 }"""
    from amendments.engine import number_lines
    expected = len(number_lines(page.evaluate("r => window.refoundLive.text(r)", room)))
    page.wait_for_function(f"([r, n]) => ({last})(r) === n", arg=[room, expected])
