"""Where you are signed in, in real Chromium: the account page lists the member's browsers, and
"Sign out everywhere else" ends the other one's session and its live editor at once."""
import browser_world as world
import pytest
from test_live_editor import live_text, live_world, open_editor, type_at_end

pytestmark = pytest.mark.timeout(120)


def test_signing_out_everywhere_else_stops_the_other_browsers_editor(ui, make, browser, server):
    data = make(live_world)
    context, editor = open_editor(browser, server, data["sian"], data)
    room = data["room"]
    try:
        type_at_end(editor, "Written before. ")
        editor.wait_for_function("r => window.refoundLive.rooms[r].saveState === 'saved'", arg=room)
        ui.sign_in(data["sian"], world.PASSWORD)
        ui.goto("/account")
        page = ui.page
        rows = page.locator("#sign-ins ~ .table-wrap tbody tr")
        assert rows.count() == 2 and "(this browser)" in rows.all_inner_texts()[0] + rows.all_inner_texts()[1]
        ui.submit(page.get_by_role("button", name="Sign out everywhere else"), status=200)
        assert "signed out of 1 other browser" in page.get_by_role("status").inner_text()
        assert page.locator("#sign-ins ~ .table-wrap tbody tr").count() == 1

        status = editor.locator("[data-live-status]")
        editor.wait_for_function("() => document.querySelector('[data-live-status]').dataset.state "
                                 "=== 'signed_out'")
        assert "Signed out" in status.inner_text()
        assert "Written before." in live_text(editor, room)  # what was typed is still on the screen
        assert editor.goto(server.url + "/account").url.startswith(server.url + "/login")
    finally:
        context.close()
