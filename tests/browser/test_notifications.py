"""A sponsor sees the badge count after a chair rejects their amendment, opens the notification
by keyboard, lands on the amendment, and the count drops."""
import re

import browser_world as world

from amendments.models import Version
from amendments.services.filing import file_amendment
from deliberation.models import Assembly, Member
from extensions import db


def amendment_world() -> dict:
    """An amendment filed by Alice, for the chair to decide on."""
    w = world.assembly_world()
    alice = db.session.scalar(db.select(Member).where(Member.email == w["alice"]))
    text = db.session.get(Version, w["version"]).text
    amendment, _shown = file_amendment(alice, db.session.get(Assembly, w["assembly"]), w["version"],
                                       text.replace("one hundred", "two hundred"), "A larger quorum")
    return w | {"amendment": amendment.id}


def test_a_sponsor_hears_of_a_rejection_and_opens_it_by_keyboard(ui, make):
    w = make(amendment_world)
    page = ui.page
    ui.sign_in(w["chair"], world.PASSWORD)
    ui.goto(f"/amendments/{w['amendment']}")
    page.get_by_label("Decision").select_option("rejected")
    page.get_by_label("Reason").fill("The quorum is set by the standing orders, not the constitution.")
    ui.submit(page.get_by_role("button", name="Record the decision"))
    assert page.get_by_role("link", name=re.compile("^Notifications")).inner_text().strip() == "Notifications"
    ui.sign_out()

    ui.sign_in(w["alice"], world.PASSWORD)
    badge = page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications, 1 unread")
    assert badge.is_visible() and "1" in badge.inner_text()
    ui.submit(badge)
    entry = page.locator("ol.notifications > li").first
    assert "Unread" in entry.inner_text()
    assert "standing orders" in entry.inner_text() and "Carol Chair" in entry.inner_text()
    link = entry.get_by_role("link",
                             name=f"Your amendment {w['amendment']}, “A larger quorum”, was rejected.")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/amendments/{w['amendment']}")
    ui.audit()
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Amendment {w['amendment']}")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications",
                                                                   exact=True).is_visible()

    ui.goto("/notifications")
    assert "Unread" not in page.locator("ol.notifications").inner_text()
    assert page.get_by_text("Nothing unread.").is_visible()
