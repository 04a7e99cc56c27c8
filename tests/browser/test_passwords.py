"""Passwords through the real pages: a forgotten one reset from a mailed link, by keyboard, and a
change on the account page that signs out the member's other browser."""
import logging
import re
import time

import browser_world as world


class _Mails(logging.Handler):
    """Without SMTP_HOST the app logs each mail instead of sending it: keep them."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.bodies = []

    def emit(self, record):
        self.bodies.append(record.getMessage())


def test_member_resets_a_forgotten_password(ui, make, monkeypatch):
    email = make(lambda: world.member("Lena Forgetful").email)
    mails = _Mails()
    mail_log = logging.getLogger("deliberation.mail")
    monkeypatch.setattr(mail_log, "level", logging.INFO)
    mail_log.addHandler(mails)
    try:
        page = ui.page
        ui.goto("/login")
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim() === 'Forgot your password?'"):
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", name="Forgot your password?").is_visible()
        ui.audit()
        page.get_by_label("Email").fill(email)
        page.keyboard.press("Enter")
        page.wait_for_url("**/login")
        assert f"If {email} is on the membership roll" in page.get_by_role("status").inner_text()
        ui.audit()
        deadline = time.monotonic() + 10
        while not mails.bodies and time.monotonic() < deadline:
            time.sleep(0.05)
        link = re.search(r"http://\S+(/invite/\S+)", "\n".join(mails.bodies)).group(1)
    finally:
        mail_log.removeHandler(mails)
    ui.goto(link)
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_label("The same password again").fill("a brand new passphrase")
    ui.submit(page.get_by_role("button", name="Set password and sign in"), status=200)
    assert "Your password is set and you are signed in." in page.get_by_role("status").inner_text()
    ui.sign_out()
    ui.sign_in(email, "a brand new passphrase")
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_member_changes_password_and_is_signed_out_elsewhere(ui, make, browser):
    email = make(lambda: world.member("Max Careful").email)
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        laptop = other.new_page()
        laptop.goto(ui.base + "/login")
        laptop.get_by_label("Email").fill(email)
        laptop.get_by_label("Password").fill(world.PASSWORD)
        with laptop.expect_navigation():
            laptop.locator("main").get_by_role("button", name="Sign in").click()
        ui.sign_in(email, world.PASSWORD)
        ui.goto("/account")
        page = ui.page
        page.get_by_label("Current password").fill(world.PASSWORD)
        page.get_by_label("New password", exact=True).fill("a careful new passphrase")
        page.get_by_label("The same new password again").fill("a careful new passphrase")
        ui.submit(page.get_by_role("button", name="Change password"), status=200)
        assert "Your password is changed." in page.get_by_role("status").inner_text()
        ui.audit()
        assert laptop.goto(ui.base + "/account").url.startswith(ui.base + "/login")  # signed out there
    finally:
        other.close()
