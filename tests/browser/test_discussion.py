"""The discussion in real Chromium: a member comments on lines 12-14, a second member sees it
arrive live and replies, a chair hides one; every page axe-clean at 360 px."""

import itertools
import json
from urllib.parse import urlencode

import browser_world as world
import pytest
from conftest import WIDTH, Ui

pytestmark = pytest.mark.timeout(180)
_serial = itertools.count(1)
TEXT = "".join(
    f"{n}.1 Clause {n}: the members of each branch meet and vote on matter number {n}.\n"
    for n in range(1, 31)
)


def discussion_world() -> dict:
    from deliberation.assemblies.services import create_assembly
    from deliberation.people.services import add_to_group, create_group

    n = next(_serial)
    admin = world.member("Ada Admin", is_admin=True)
    chair, ann, bob = world.member("Carol Chair"), world.member("Ann Lee"), world.member("Bob Stone")
    group = create_group(None, f"Leeds talk {n}", "North")
    for person in (ann, bob):
        add_to_group(None, group.id, person.email, "member")
    assembly = create_assembly(admin, f"Discussion assembly {n}", TEXT, [chair.email])
    assembly.phase = "amendments"
    from amendments.services.filing import file_amendment
    file_amendment(ann, assembly, assembly.current_version_id,
                   TEXT.replace("matter number 13.", "matter number thirteen."), f"Spell thirteen out {n}")
    return {"chair": chair.email, "ann": ann.email, "bob": bob.email, "version": assembly.current_version_id,
            "assembly": assembly.id}


def second_ui(browser, server):
    """Another member's browser, checked like the `ui` fixture's (axe, 360 px, no console errors)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, Ui(page, server.url), errors


def open_version(ui: Ui, email: str, version: int) -> None:
    ui.sign_in(email, world.PASSWORD)
    ui.goto(f"/versions/{version}")
    ui.page.wait_for_function("() => window.refoundDiscussion && window.refoundDiscussion.joined")


def test_comment_on_lines_arrives_live_gets_a_reply_and_a_chair_hides_it(ui, browser, server, make):
    data = make(discussion_world)
    ann = ui
    ann.page.set_default_timeout(15_000)
    bob_context, bob, bob_errors = second_ui(browser, server)
    chair_context, chair, chair_errors = second_ui(browser, server)
    try:
        open_version(ann, data["ann"], data["version"])
        open_version(bob, data["bob"], data["version"])

        # Ann chooses lines 12-14 by their numbers: the comment box moves beside them.
        lines = ann.page.locator("[data-discussion-lines]")
        lines.locator('li[value="12"] > .ln').click()
        lines.locator('li[value="14"] > .ln').click(modifiers=["Shift"])
        form = ann.page.locator("form[data-new-thread]")
        assert form.locator("legend").text_content() == "Comment on lines 12–14"
        assert (form.get_by_label("From line").input_value(), form.get_by_label("To line").input_value()) == (
            "12",
            "14",
        )
        assert lines.locator('li[value="14"] form[data-new-thread]').count() == 1
        box = form.get_by_label("Your comment")
        box.press_sequentially("Clause 13 should say thirteen, @[Bob")
        option = ann.page.get_by_role("option", name="Bob Stone")
        option.wait_for()
        ann.audit()  # the suggestions open, with the box moved beside the lines
        box.press("Enter")
        box.press_sequentially("what do you think?")
        assert box.input_value() == "Clause 13 should say thirteen, @[Bob Stone] what do you think?"
        form.get_by_role("button", name="Post comment").click()
        mine = lines.locator('li[value="14"] .thread .comment').first
        mine.wait_for()
        assert "@Bob Stone" in mine.text_content()

        # Bob sees it arrive beside line 14 without reloading, and replies.
        thread = bob.page.locator('[data-discussion-lines] li[value="14"] .thread')
        thread.wait_for()
        assert thread.locator(".thread-heading").text_content().strip() == "Lines 12–14"
        assert "Clause 13 should say thirteen" in thread.text_content()
        bob.audit()
        thread.get_by_text("Reply", exact=True).click()
        thread.get_by_label("Your reply").fill("Agreed: *thirteen* it is.")
        thread.get_by_role("button", name="Post reply").click()
        thread.locator("li.reply em", has_text="thirteen").wait_for()

        # Ann sees the reply arrive.
        ann.page.locator('li[value="14"] .thread li.reply', has_text="Agreed").wait_for()
        ann.audit()

        # The chair hides Ann's comment; everyone sees why, and its words leave every page.
        chair.sign_in(data["chair"], world.PASSWORD)
        chair.goto(f"/versions/{data['version']}")
        chair.page.wait_for_function("() => window.refoundDiscussion && window.refoundDiscussion.joined")
        first = chair.page.locator('li[value="14"] .thread .comment').first
        first.locator("summary", has_text="Hide").click()
        first.get_by_label("Why hide it? Everyone will read this.").fill("Names a member unfairly")
        chair.audit()
        first.get_by_role("button", name="Hide it").click()
        for page in (ann.page, bob.page, chair.page):
            page.locator(
                ".comment-hidden", has_text="Hidden by the chair: Names a member unfairly"
            ).wait_for()
            assert (
                "Clause 13 should say thirteen" not in page.locator("[data-discussion-lines]").text_content()
            )
            assert "Agreed" in page.locator("[data-discussion-lines]").text_content()
        bob.audit()
        ann.goto(f"/versions/{data['version']}")  # and after a reload
        assert "Hidden by the chair: Names a member unfairly" in ann.page.content()

        # Search finds Bob's reply (not the hidden comment), the amendment and the clause; the
        # clause's hit opens its lines.
        query = f'thirteen OR "matter number 13" assembly:{data["assembly"]}'
        ann.goto("/search?" + urlencode({"q": query}))
        hits = ann.page.locator("ol.search-results > li")
        kinds = sorted(hits.locator(".badge").all_inner_texts())
        assert kinds == ["Amendment", "Clause", "Comment"], kinds
        assert "Clause 13 should say" not in ann.page.locator("main").inner_text()
        assert "Agreed" in hits.filter(has_text="Comment").inner_text()
        ann.submit(hits.filter(has=ann.page.locator(".badge", has_text="Clause")).get_by_role("link"))
        target = ann.page.locator("li:target")
        assert "13.1 Clause 13" in target.inner_text()
    finally:
        bob_context.close()
        chair_context.close()
    assert not bob_errors and not chair_errors, json.dumps(bob_errors + chair_errors, indent=1)


def test_lines_chosen_by_keyboard_and_a_comment_on_the_whole_text(ui, make):
    data = make(discussion_world)
    ui.page.set_default_timeout(15_000)
    open_version(ui, data["ann"], data["version"])
    page = ui.page
    page.get_by_label("From line").focus()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("On lines three and four.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(
        '[data-discussion-lines] li[value="4"] .thread', has_text="On lines three and four."
    ).wait_for()
    assert (
        page.locator('[data-discussion-lines] li[value="3"]').get_attribute("class").count("discussed") == 1
    )
    page.get_by_label("Your comment", exact=True).fill("About the whole text.")
    page.get_by_role("button", name="Post comment").click()
    page.locator("[data-discussion-general] .thread", has_text="About the whole text.").wait_for()
    ui.audit()


def test_without_script_a_refused_comment_comes_back_with_its_message(browser, server, make):
    """Forms work with scripts off (axe needs a script, so this page is checked with them on above)."""
    data = make(discussion_world)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 800}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    def submit(name, status):
        with page.expect_navigation() as nav:
            page.get_by_role("button", name=name).click()
        assert nav.value.status == status

    try:
        page.goto(server.url + "/login")
        page.get_by_label("Email").fill(data["bob"])
        page.get_by_label("Password").fill(world.PASSWORD)
        submit("Sign in", 200)
        page.goto(f"{server.url}/versions/{data['version']}")
        page.get_by_label("From line").fill("30")
        page.get_by_label("To line").fill("29")  # the browser checks each field's range; the server the order
        page.get_by_label("Your comment", exact=True).fill("Keep me")
        submit("Post comment", 400)
        assert "the first cited may not come after the last" in page.locator("#new-error").text_content()
        assert page.get_by_label("Your comment", exact=True).input_value() == "Keep me"
        page.get_by_label("To line").fill("30")
        submit("Post comment", 200)
        assert page.locator('li[value="30"] .thread', has_text="Keep me").count() == 1
    finally:
        context.close()


def comment_as(email: str, version: int, body: str) -> int:
    from deliberation.discussion.comments import post_comment
    from deliberation.models import Member
    from extensions import db

    member = db.session.scalar(db.select(Member).where(Member.email == email))
    return post_comment(member, "version", version, body, line_from=3, line_to=3).id


def test_a_page_that_lost_its_connection_catches_up(ui, make):
    data = make(discussion_world)
    ui.page.set_default_timeout(30_000)
    open_version(ui, data["bob"], data["version"])
    ui.page.context.set_offline(True)
    ui.page.wait_for_function("() => !window.refoundDiscussion.joined")
    make(comment_as, data["ann"], data["version"], "Written while you were away")
    ui.page.context.set_offline(False)
    ui.page.evaluate("() => window.dispatchEvent(new Event('online'))")
    ui.page.locator(
        '[data-discussion-lines] li[value="3"] .thread', has_text="Written while you were away"
    ).wait_for()
    ui.audit()
