"""Two chairs at the merge desk in real Chromium: they compose a collision's resolution together in
the live merge draft (each sees the other's cursor), commit it, undo the merge, commit again; then
a member reaches a changed word by keyboard and reads where it came from."""
import itertools

import browser_world as world
import pytest
from conftest import signed_in_page

pytestmark = pytest.mark.timeout(180)
_serial = itertools.count(1)


def desk_world() -> dict:
    """An assembly in compositing with three admitted amendments, two of them colliding."""
    from amendments.models import Version
    from amendments.services.filing import file_amendment
    from deliberation.assemblies.services import create_assembly
    from deliberation.people.services import add_to_group, create_group
    from extensions import db
    n = next(_serial)
    admin = world.member("Ada Admin", is_admin=True)
    carol, dev = world.member("Carol Chair"), world.member("Dev Cochair")
    alice = world.member("Alice Member")
    group = create_group(None, f"Abertawe {n}", "Wales")
    add_to_group(None, group.id, alice.email, "member")
    assembly = create_assembly(admin, f"Merge desk assembly {n}", world.TEXT, [carol.email, dev.email])
    assembly.phase = "amendments"
    db.session.flush()
    text = db.session.get(Version, assembly.current_version_id).text
    twice, _ = file_amendment(alice, assembly, assembly.current_version_id,
                              text.replace("once a year", "twice a year"), "Twice a year", "More often.",
                              group_id=group.id)
    quarter, _ = file_amendment(alice, assembly, assembly.current_version_id,
                                text.replace("once a year", "every quarter"), "Every quarter", "Even more.")
    fifty, _ = file_amendment(alice, assembly, assembly.current_version_id,
                              text.replace("one hundred delegates", "fifty delegates"), "Fifty", "Smaller.")
    assembly.phase = "compositing"
    return {"carol": carol.email, "dev": dev.email, "alice": alice.email, "assembly": assembly.id,
            "twice": twice.id, "quarter": quarter.id, "fifty": fifty.id, "group": group.name}


def sign_in(browser, server, email):
    return signed_in_page(browser, server, email, world.PASSWORD, height=900)


def draft_text(server, assembly_id) -> str:
    from amendments.models import Version
    from deliberation.models import Assembly
    from extensions import db
    with server.app.app_context():
        assembly = db.session.get(Assembly, assembly_id)
        text = db.session.get(Version, assembly.current_version_id).text
        db.session.remove()
        return text


def open_resolution(page, room):
    page.get_by_role("link", name="Compose it with the other chairs in the live draft").click()
    page.wait_for_function("r => window.refoundLive?.rooms[r]?.synced "
                           "&& window.refoundLive.rooms[r].writable", arg=room)
    page.locator(".region-mark").first.wait_for()


def test_two_chairs_compose_commit_undo_and_commit_again_then_a_member_reads_provenance(
        ui, browser, server, make):
    data = make(desk_world)
    room = f"merge:{data['assembly']}"
    desk = f"/assemblies/{data['assembly']}/merge"

    ui.sign_in(data["carol"], world.PASSWORD)
    ui.goto(desk)  # axe-audited
    carol = ui.page
    assert carol.get_by_role("heading", name="Merge desk").is_visible()
    assert carol.get_by_role("button", name="Merge all 1 that do not collide").is_visible()
    assert carol.get_by_text(f"Collision 1: amendments {data['twice']}, {data['quarter']}").is_visible()
    ctx_dev, dev = sign_in(browser, server, data["dev"])
    try:
        dev.goto(server.url + desk)
        open_resolution(carol, room)
        ui.audit()
        open_resolution(dev, room)

        # Carol starts from "twice a year"; Dev, in his own browser, adds words inside the region.
        carol.get_by_role("button", name=f"Start from amendment {data['twice']}’s wording").click()
        dev.wait_for_function("r => window.refoundLive.text(r).includes('twice a year')", arg=room)
        dev.locator(".region-mark").first.click()
        dev.evaluate("""r => {  // the caret to the end of the region's words
            // (End stops at a wrapped row's end)
            const view = window.refoundLive.rooms[r].view
            const at = view.state.doc.toString().indexOf('twice a year') + 'twice a year'.length
            view.dispatch({selection: {anchor: at}})
        }""", room)
        dev.keyboard.type(" and whenever 🌱 ŵ the chairs call it", delay=10)
        carol.wait_for_function("r => window.refoundLive.text(r).includes('the chairs call it')", arg=room)
        assert "Dev" in carol.locator(".cm-ySelectionInfo").first.text_content()  # Dev's cursor, by name
        preview = carol.locator("#resolution-preview")
        carol.wait_for_function("() => document.getElementById('resolution-preview').textContent"
                                ".includes('the chairs call it')")
        assert preview.inner_text().startswith("twice a year")
        dev.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)

        ui.submit(carol.get_by_role("button", name="Commit this wording and merge amendments "
                                   f"{data['twice']}, {data['quarter']}"))
        assert carol.get_by_text("Collision resolved").is_visible()
        text = draft_text(server, data["assembly"])
        assert "meets twice a year and whenever 🌱 ŵ the chairs call it and decides" in text
        # The room followed the draft: Dev's editor now holds the committed text.
        dev.wait_for_function("([r, t]) => window.refoundLive.text(r) === t", arg=[room, text])

        # Undo, from the desk: the draft is back to its earlier words.
        ui.submit(carol.get_by_role("button", name="Undo merge"))
        assert carol.get_by_text("is undone").is_visible()
        assert "once a year" in draft_text(server, data["assembly"])
        dev.wait_for_function("r => window.refoundLive.text(r).includes('meets once a year')", arg=room)

        # Commit again: this time "every quarter", and the clean amendment with it from the desk.
        open_resolution(carol, room)
        carol.get_by_role("button", name=f"Start from amendment {data['quarter']}’s wording").click()
        carol.wait_for_function("() => document.getElementById('resolution-preview').textContent "
                                "=== 'every quarter'")
        carol.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)
        ui.submit(carol.get_by_role("button", name="Commit this wording and merge amendments "
                                   f"{data['twice']}, {data['quarter']}"))
        ui.submit(carol.get_by_role("button", name="Merge all 1 that do not collide"))
        text = draft_text(server, data["assembly"])
        assert "meets every quarter and decides" in text and "fifty delegates" in text
    finally:
        ctx_dev.close()

    # A member reads the final draft and reaches a changed word by keyboard.
    ui.sign_out()
    ui.sign_in(data["alice"], world.PASSWORD)
    ui.goto(f"/assemblies/{data['assembly']}/draft")
    page = ui.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('ins[data-amendment]')"):
            break
    else:
        raise AssertionError("no changed word reached by Tab")
    panel = page.locator("#provenance")
    panel.wait_for(state="visible")
    said = panel.inner_text()
    assert "Amendment" in said and ("merged by Carol Chair" in said
                                    or "merged with changes by Carol Chair" in said)
    assert panel.get_by_role("link", name="Explain this clause").is_visible()
    ui.submit(panel.get_by_role("link", name="Explain this clause"))
    assert page.get_by_role("heading", name="Amendments that touched this clause").is_visible()
