"""Voting through the pages: review, cast, receipt; refusal of a second vote; keyboard only; results."""
import re

import browser_world as world


def _vote(ui, ballot_id: int) -> str:
    page = ui.page
    ui.goto(f"/ballots/{ballot_id}")
    page.get_by_label("Yes").check()
    page.get_by_label("Movement").select_option("1")
    page.get_by_label("Union").select_option("1")  # a tie at the top is allowed
    page.get_by_label("Party").select_option("2")
    ui.submit(page.get_by_role("button", name="Review my vote"))
    assert "Nothing is recorded yet" in page.locator("main").inner_text()
    assert "Movement = Union" in page.locator("main").inner_text()
    ui.submit(page.get_by_role("button", name="Cast my vote"), status=201)
    return page.locator("#tracker").inner_text()


def test_vote_receipt_and_no_second_vote(ui, make):
    w = make(world.ballot_world)
    page = ui.page
    ui.sign_in(w["voter"], world.PASSWORD)
    ui.goto(f"/ballots/{w['ballot']}")
    ui.submit(page.get_by_role("button", name="Review my vote"), status=400)
    assert "Choose yes, no or abstain" in page.locator("#q0-error").inner_text()

    tracker = _vote(ui, w["ballot"])
    assert re.fullmatch(r"[0-9a-f]{20}", tracker)
    assert "bulletin board" in page.locator("main").inner_text()

    page.go_back()  # the confirmation page, resubmitted: refused, not counted twice
    ui.audit()
    ui.submit(page.get_by_role("button", name="Cast my vote"), status=409)
    assert "already voted" in page.locator("main").inner_text()
    ui.goto(f"/ballots/{w['ballot']}")
    assert page.get_by_text("You have already voted").is_visible()
    assert page.get_by_role("button", name="Review my vote").count() == 0


def test_vote_with_the_keyboard_only(ui, make):
    w = make(world.ballot_world)
    page = ui.page
    ui.sign_in(w["voter"], world.PASSWORD)
    ui.goto(f"/ballots/{w['ballot']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "a0":
            break
    assert page.evaluate("document.activeElement.id") == "a0-yes"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowDown")  # moves to and selects "No" in the radio group
    assert page.locator("#a0-no").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "a1_0"
    page.keyboard.press("ArrowDown")  # rank 1
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "a1_2"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # rank 2
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Review my vote"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.audit()
    main = page.locator("main").inner_text()
    assert "No" in main and "Movement" in main and "Union" in main
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Cast my vote":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ui.audit()
    assert page.locator("#tracker").is_visible()


def test_results_after_close(ui, make):
    w = make(world.ballot_world)
    page = ui.page
    ui.sign_in(w["voter"], world.PASSWORD)
    tracker = _vote(ui, w["ballot"])
    ui.goto(f"/ballots/{w['ballot']}/results", status=409)  # hidden until the close
    ui.sign_out()

    ui.sign_in(w["officer"], world.PASSWORD)
    ui.goto(f"/ballots/{w['ballot']}")
    ui.submit(page.get_by_role("button", name="Close voting and count"))
    assert page.url.endswith("/results")
    main = page.locator("main")
    assert "1 of" in main.inner_text()
    assert page.locator("svg rect.bar-yes").count() == 1
    assert page.get_by_role("table", name="Votes for question 1").is_visible()
    assert "Passed" in main.inner_text()
    assert "Winner" in main.inner_text() or "tie" in main.inner_text()
    assert page.locator("table.pairwise td.heat-5").count() >= 1

    ui.submit(page.get_by_role("link", name="Bulletin board: is my tracker there?"))
    assert "All three agree" in main.inner_text()
    page.get_by_label("Is my tracker there?").fill(tracker)
    ui.submit(page.locator("main").get_by_role("button", name="Search"))
    assert page.locator("mark").inner_text() == tracker
    assert "is on the board" in main.inner_text()
    csv = page.request.get(f"{ui.base}/ballots/{w['ballot']}/results.csv")
    assert csv.ok and "yes" in csv.text()
