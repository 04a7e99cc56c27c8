"""A returning officer imports the roll through the real page, by keyboard: the upload, the progress
page polling until the import ends, the report with its rejected rows; and the size check in the page."""
import itertools

import browser_world as world

from deliberation.people.roll import jobs as roll_jobs
from deliberation.people.services import create_group

_serial = itertools.count(1)


def roll_world() -> dict:
    """A returning officer, a local group, and one member already on the roll."""
    n = next(_serial)
    officer = world.member("Rita Officer", is_returning_officer=True)
    existing = world.member("Ann Existing")
    group = create_group(None, f"Leeds roll {n}", "North")
    return {"officer": officer.email, "existing": existing.email, "group": group.name}


def tab_to(page, predicate: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached {predicate} by Tab")


def test_officer_imports_the_roll_and_sees_progress_end_in_a_report(ui, make, server, monkeypatch):
    w = make(roll_world)
    page = ui.page
    held = []
    monkeypatch.setattr(roll_jobs, "dispatch", held.append)  # hold the job until the page is checked
    roll = ("email,name,group,member_number,eligible\n"
            f"{w['existing']},Ann Updated,{w['group']},,yes\n"
            f"new.person@example.org,New Person,{w['group']},,yes\n"
            "not-an-email,Bad Email,,,yes\n"
            "gus@example.org,Gus,Atlantis,,no\n")

    ui.sign_in(w["officer"], world.PASSWORD)
    ui.submit(page.get_by_role("navigation", name="Main").get_by_role("link", name="Membership roll"))
    assert page.get_by_role("heading", name="Import the membership roll").is_visible()
    assert "email,name,group,member_number,eligible" in page.locator("pre.example").inner_text()

    tab_to(page, "document.activeElement.type === 'file'")
    # The file input is reached by keyboard; the file goes straight into it, since headless Chromium's
    # chooser opened by a key press sometimes never reaches Playwright (a 10 s timeout in CI).
    page.locator("input[type=file]:focus").set_input_files(
        files=[{"name": "roll.csv", "mimeType": "text/csv", "buffer": roll.encode()}])
    tab_to(page, "document.activeElement.textContent.trim() === 'Upload and import'")
    with page.expect_navigation() as nav:
        page.keyboard.press("Enter")
    assert nav.value.status == 200
    ui.audit()  # the progress page, waiting for its job
    status = page.locator("#roll-status")
    assert status.inner_text() == "Waiting to start."
    assert page.get_by_label("Rows checked").is_visible()

    assert len(held) == 1
    monkeypatch.undo()
    with server.app.app_context():
        roll_jobs.dispatch(held[0])  # now the real background thread; the page polls until it ends
    report = page.locator("#roll-report")
    report.wait_for(state="visible", timeout=30_000)
    assert status.inner_text() == ("Finished. New members: 1; members updated: 1; members unchanged: 0; "
                                   "rows rejected: 2.")
    assert page.evaluate("document.activeElement.id") == "roll-report"
    ui.audit()
    rows = page.locator("table.rejections tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[0] == "4" and "bad email" in rows.nth(0).inner_text()
    assert (rows.nth(1).inner_text().split("\t")[0] == "5"
            and "unknown group 'Atlantis'" in rows.nth(1).inner_text())
    link = page.get_by_role("link", name="Download all 2 rejected rows as CSV")
    assert link.get_attribute("href") == f"/roll/imports/{held[0]}/rejected.csv"

    ui.goto(f"/roll/imports/{held[0]}")  # the finished page as the server renders it
    assert page.locator("table.rejections tbody tr").count() == 2
    ui.goto("/roll/import")
    assert page.locator("ul.imports").get_by_role("link", name="roll.csv").first.is_visible()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(ui, make, server):
    w = make(roll_world)
    page = ui.page
    ui.sign_in(w["officer"], world.PASSWORD)
    limit = server.app.config["ROLL_UPLOAD_MAX_BYTES"]
    server.app.config["ROLL_UPLOAD_MAX_BYTES"] = 100
    try:
        ui.goto("/roll/import")
    finally:
        server.app.config["ROLL_UPLOAD_MAX_BYTES"] = limit
    field = page.get_by_label("The roll as a CSV file")
    field.set_input_files(files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"x" * 500}])
    requests = []
    page.on("request", lambda request: requests.append(request) if request.method == "POST" else None)
    page.get_by_role("button", name="Upload and import").click()
    error = page.locator("#file-too-large")
    error.wait_for(state="visible")
    assert "The file is larger than the 1 KB limit for a roll." in error.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    assert "file-too-large" in field.get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.type") == "file"
    assert requests == [] and page.url.endswith("/roll/import")
    ui.audit()
