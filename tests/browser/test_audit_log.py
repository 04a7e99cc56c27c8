"""A member notes the audit log's head on the assembly page; the returning officer opens the log
from the menu, filters it to the ballot's steps by keyboard, and finds the close whose hash the
results page publishes. Every page at phone width, through axe."""
import re

import browser_world as world

from deliberation.ballot.models import Ballot
from deliberation.ballot.services import close_ballot
from deliberation.models import Member
from deliberation.models.audit import current_head
from extensions import db


def closed_ballot_world() -> dict:
    w = world.ballot_world()
    officer = db.session.scalar(db.select(Member).where(Member.email == w["officer"]))
    close_ballot(officer, db.session.get(Ballot, w["ballot"]))
    return w


def test_the_head_is_published_and_the_officer_reads_the_log(ui, make, server):
    w = make(closed_ballot_world)
    page = ui.page
    ui.sign_in(w["voter"], world.PASSWORD)
    ui.goto(f"/assemblies/{w['assembly']}")
    with server.app.app_context():
        head = current_head()
    section = page.get_by_role("region", name="Audit log")
    assert head.hash in section.inner_text() and f"{head.position}" in section.inner_text()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").count() == 0
    ui.goto("/audit", status=403)
    ui.goto(f"/ballots/{w['ballot']}/results")
    sealed = page.get_by_role("region", name="Sealed in the audit log").inner_text()
    close_hash = re.search(r"Closed in entry\s+(\d+)\s+·\s+([0-9a-f]{64})", sealed)
    assert close_hash, sealed
    ui.sign_out()

    ui.sign_in(w["officer"], world.PASSWORD)
    ui.submit(page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log"))
    assert page.get_by_role("heading", level=1).inner_text() == "Audit log"
    action = page.get_by_label("Action")
    action.focus()
    page.keyboard.type("ballot.")
    page.keyboard.press("Tab")
    page.keyboard.type(f"ballot:{w['ballot']}")  # the browser tests share one database: this ballot's steps
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.audit()
    entries = page.get_by_role("list", name="Audit log entries, newest first").get_by_role("listitem")
    assert [re.search(r"ballot\.\w+", entries.nth(i).inner_text()).group(0)
            for i in range(entries.count())] == ["ballot.close", "ballot.open", "ballot.create"]
    newest = entries.first.inner_text()
    assert f"Entry {close_hash.group(1)}" in newest and close_hash.group(2) in newest
    assert "by Rita Officer" in newest
    ui.submit(entries.first.get_by_role("link", name=f"ballot:{w['ballot']}"))
    assert page.url.endswith(f"/ballots/{w['ballot']}")
