"""Two members of one group type in the same proposal in real Chromium: each sees
the other's text and cursor, and an editor that goes offline catches up."""
import itertools

import browser_world as world
import pytest
from conftest import signed_in_page

pytestmark = pytest.mark.timeout(120)
_serial = itertools.count(1)


def live_world() -> dict:
    from deliberation.assemblies.services import create_assembly
    from deliberation.people.services import add_to_group, create_group
    from deliberation.proposals.services import create_proposal
    n = next(_serial)
    admin = world.member("Ada Admin", is_admin=True)
    org, siân = world.member("Olu Organiser"), world.member("Siân Writer")
    group = create_group(None, f"Cardiff live {n}", "Wales")
    add_to_group(None, group.id, org.email, "organiser")
    add_to_group(None, group.id, siân.email, "member")
    assembly = create_assembly(admin, f"Live assembly {n}", world.TEXT)
    proposal = create_proposal(org, assembly, group.id, "Our live proposal", "Start here.\n")
    return {"org": org.email, "sian": siân.email, "proposal": proposal.id, "room": proposal.room}


def open_editor(browser, server, email, data):
    context, page = signed_in_page(browser, server, email, world.PASSWORD)
    page.goto(f"{server.url}/proposals/{data['proposal']}")
    room = data["room"]
    page.wait_for_function("r => window.refoundLive?.rooms[r]?.synced "
                           "&& window.refoundLive.rooms[r].writable", arg=room)
    return context, page


def live_text(page, room):
    return page.evaluate("r => window.refoundLive.text(r)", room)


def type_at_end(page, text):
    content = page.locator(".cm-content")
    content.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text, delay=15)


def wait_both(pages, room, predicate_js):
    for page in pages:
        page.wait_for_function(f"r => {{ const t = window.refoundLive.text(r); return {predicate_js}; }}",
                               arg=room)


def test_two_editors_see_each_other_and_converge_after_going_offline(browser, server, make):
    data = make(live_world)
    room = data["room"]
    ctx_a, a = open_editor(browser, server, data["org"], data)
    ctx_b, b = open_editor(browser, server, data["sian"], data)
    try:
        type_at_end(a, " Alpha ŵ.")
        wait_both([a, b], room, "t.includes('Alpha ŵ.')")
        type_at_end(b, " Bravo 🎉.")
        wait_both([a, b], room, "t.includes('Bravo 🎉.') && t.includes('Alpha ŵ.')")
        # B's cursor is drawn in A's editor by y-codemirror, with B's name.
        caret = a.locator(".cm-ySelectionCaret")
        caret.first.wait_for()
        assert "Siân" in a.locator(".cm-ySelectionInfo").first.text_content()

        ctx_b.set_offline(True)
        b.wait_for_function("r => window.refoundLive.state(r) !== 'connected'", arg=room, timeout=30_000)
        type_at_end(b, " Offline ĳ.")
        type_at_end(a, " Online too.")
        a.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)
        assert "Offline" not in live_text(a, room)
        ctx_b.set_offline(False)
        b.evaluate("() => window.dispatchEvent(new Event('online'))")
        wait_both([a, b], room, "t.includes('Offline ĳ.') && t.includes('Online too.')")
        b.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room, timeout=30_000)
        assert live_text(a, room) == live_text(b, room)
        with server.app.app_context():
            from deliberation.live.store import live_text as stored
            assert stored(room) == live_text(a, room)
    finally:
        ctx_a.close()
        ctx_b.close()


def test_an_editor_turns_read_only_as_soon_as_the_proposal_is_submitted(browser, server, make):
    data = make(live_world)
    room = data["room"]
    ctx_a, a = open_editor(browser, server, data["org"], data)
    ctx_b, b = open_editor(browser, server, data["sian"], data)
    try:
        type_at_end(b, " Last words.")
        b.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)
        a.once("dialog", lambda dialog: dialog.accept())
        with a.expect_navigation():
            a.get_by_role("button", name="Submit the proposal").click()
        # Siân typed nothing since: the server told her editor the proposal closed.
        b.wait_for_function("r => window.refoundLive.rooms[r].writable === false", arg=room)
        assert b.locator(".cm-content").get_attribute("contenteditable") == "false"
        with server.app.app_context():
            from deliberation.models import Proposal
            from extensions import db
            proposal = db.session.get(Proposal, data["proposal"])
            assert proposal.status == "submitted"
            from amendments.models import Version
            assert "Last words." in db.session.get(Version, proposal.version_id).text
    finally:
        ctx_a.close()
        ctx_b.close()
