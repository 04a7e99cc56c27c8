"""A member files an amendment through the form; a chair merges it; the redline credits it."""
import re

import browser_world as world


def test_file_merge_and_read_redline(ui, make):
    w = make(world.assembly_world)
    page = ui.page
    ui.sign_in(w["alice"], world.PASSWORD)
    ui.goto(f"/assemblies/{w['assembly']}")
    ui.submit(page.get_by_role("link", name="Amend this text"))

    box = page.get_by_label("The text, with your changes")
    box.fill(box.input_value().replace("every month to their local branch",
                                       "every year to their local group"))
    ui.submit(page.get_by_role("button", name="Preview"))
    preview = page.locator(".preview")
    assert re.search(r"lines? \d", preview.inner_text())
    assert preview.locator("ins").filter(has_text="year").count() == 1
    assert preview.locator("del").filter(has_text="month").count() == 1

    page.get_by_label("Title of your amendment").fill("Yearly dues paid to the group")
    page.get_by_label("File for").select_option(label=w["group"])
    ui.submit(page.get_by_role("button", name="File amendment"))
    assert "/amendments/" in page.url
    heading = page.get_by_role("heading", level=1).inner_text()
    amendment_id = re.search(r"Amendment (\d+)", heading).group(1)
    ui.sign_out()

    ui.sign_in(w["chair"], world.PASSWORD)
    ui.goto(f"/assemblies/{w['assembly']}/merge")
    ui.submit(page.get_by_role("button", name="Merge all 1 that do not collide"))
    assert f"Merged amendments: {amendment_id}" in page.get_by_role("status").last.inner_text()

    ui.submit(page.get_by_role("link", name="See the final-draft redline"))
    change = page.locator(f'ins[data-amendment="{amendment_id}"]').first
    assert "year" in change.inner_text()
    assert "Yearly dues paid to the group" in change.get_attribute("title")
    change.focus()
    panel = page.locator("#provenance")
    assert panel.is_visible() and f"Amendment {amendment_id}" in panel.inner_text()
    assert w["group"] in page.locator("table").inner_text()
    ui.goto(f"/assemblies/{w['assembly']}/draft?layout=side")


def test_errors_shown_beside_the_field(ui, make):
    w = make(world.assembly_world)
    page = ui.page
    ui.sign_in(w["alice"], world.PASSWORD)
    ui.goto(f"/versions/{w['version']}/amend")
    ui.submit(page.get_by_role("button", name="File amendment"), status=400)
    assert "unchanged" in page.locator("#text-error").inner_text()
    assert "title" in page.locator("#title-error").inner_text()
    title = page.get_by_label("Title of your amendment")
    assert title.get_attribute("aria-invalid") == "true"
    assert "title-error" in title.get_attribute("aria-describedby")
    ui.goto(f"/assemblies/{w['assembly']}/merge", status=403)
