"""The chair resolves a collision by choosing one wording; a group writes and submits a proposal."""
import browser_world as world


def test_chair_resolves_a_collision(ui, make):
    w = make(world.collision_world)
    page = ui.page
    ui.sign_in(w["chair"], world.PASSWORD)
    ui.goto(f"/assemblies/{w['assembly']}/merge")
    collision = page.locator("article.collision")
    assert collision.locator("p.wording").first.inner_text() == "once a year"
    collision.get_by_label(f"Amendment {w['second']}’s wording").check()
    assert collision.get_by_label("Wording for this part of the draft").input_value() == "every quarter"
    ui.submit(collision.get_by_role("button", name="Resolve and merge these amendments"))
    summary = page.locator(".notice").inner_text()
    assert str(w["first"]) in summary and str(w["second"]) in summary
    ui.submit(page.get_by_role("link", name="See the final-draft redline"))
    assert "every quarter" in page.locator(f'ins[data-amendment="{w["second"]}"]').first.text_content()


def test_group_writes_and_submits_a_proposal(ui, make):
    w = make(world.proposal_world)
    page = ui.page
    ui.sign_in(w["organiser"], world.PASSWORD)
    ui.goto(f"/assemblies/{w['assembly']}")
    ui.submit(page.get_by_role("link", name="Open a proposal for your group"))
    page.get_by_label("For which group?").select_option(label=w["organiser_group"])
    page.get_by_label("Title").fill("Dues for all")
    ui.submit(page.get_by_role("button", name="Open the proposal"))
    assert page.locator("[data-live-room^='proposal:']").count() == 1
    box = page.get_by_label("Proposal text")
    box.fill(box.input_value().replace("one hundred", "fifty"))
    ui.submit(page.get_by_role("button", name="Save text"))
    assert "fifty" in page.get_by_label("Proposal text").input_value()
    ui.submit(page.get_by_role("button", name="Submit the proposal"))
    ui.submit(page.locator("dd").get_by_role("link", name="Version"))
    assert "fifty delegates" in page.locator("ol.numbered").inner_text()
