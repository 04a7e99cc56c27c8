"""The download links and form are on the version, draft and assembly pages, pass axe, and work by
keyboard: Tab reaches them and Enter downloads the file."""
import browser_world as world


def _tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element is the named link or button."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("(document.activeElement.innerText || '').trim()")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_downloads_by_keyboard_from_the_version_draft_and_assembly_pages(ui, make):
    w = make(world.assembly_world)
    page = ui.page
    ui.sign_in(w["alice"], world.PASSWORD)

    ui.goto(f"/versions/{w['version']}")
    form = page.get_by_role("group", name="Download this version")
    assert form.get_by_label("Format").is_visible() and form.get_by_label("Show changes since").is_visible()
    page.get_by_label("Format").select_option("md")
    _tab_to(page, "Download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"assembly-{w['assembly']}-version-{w['version']}.md"
    assert download.value.path().read_text(encoding="utf-8") == world.TEXT

    ui.goto(f"/assemblies/{w['assembly']}")
    downloads = page.get_by_role("region", name="Downloads")
    assert downloads.get_by_role("link", name="PDF").count() == 3
    page.get_by_role("heading", name="Downloads").click()  # start tabbing from the section
    _tab_to(page, "PDF")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == f"assembly-{w['assembly']}-amendments.pdf"
    assert download.value.path().read_bytes()[:5] == b"%PDF-"

    ui.goto(f"/assemblies/{w['assembly']}/draft")
    link = page.get_by_role("link", name="Word, with tracked changes")
    assert f"against={w['version']}" in link.get_attribute("href")
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(f"-against-{w['version']}.docx")
