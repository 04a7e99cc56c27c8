"""Real Chromium against the real app: a server thread on a temp SQLite database, axe on every page.

Every page a test visits goes through `ui.goto` or `ui.submit`, which run axe-core (WCAG 2.x A/AA)
and check that nothing scrolls sideways at 360 px, so accessibility is tested where it is used.
"""
import json
import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestConfig
from deliberation.unit_of_work import UnitOfWork

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTH = 360
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str):
    """In CI a missing browser is a failure, never a silent skip."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    if not os.path.exists(CHROMIUM) and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True, timeout=600,
                       check=False)
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing and `apt-get install -y chromium` did not provide it")
    if not AXE.exists():
        _unavailable(f"{AXE} is missing: run `npm install` (axe-core is a devDependency)")
    return CHROMIUM


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """The app in a background thread; tests build data in `server.app` with services directly."""
    from app import create_app
    from extensions import db
    app = create_app(TestConfig(tmp_path_factory.mktemp("browser")))
    with app.app_context():
        db.create_all()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.app = app
    httpd.url = f"http://127.0.0.1:{port}"
    yield httpd
    httpd.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


@pytest.fixture
def make(server):
    """make(builder, *args) runs a world.py builder inside the app as one unit of work (committed
    when it returns), returning its plain ids."""
    def run(builder, *args, **kwargs):
        with server.app.app_context(), UnitOfWork():
            return builder(*args, **kwargs)
    return run


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text() + ";\nundefined")
    return _AXE_SOURCE[0]


def _describe(violations: list) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


class Ui:
    """A page plus the checks every visited page must pass."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base = base_url
        self.visited: list[str] = []

    def audit(self) -> None:
        page = self.page
        self.visited.append(page.url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH + 1, f"{page.url} scrolls sideways at {WIDTH}px (scrollWidth {width})"
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(_axe_source())  # evaluate, not a <script>: the page's CSP forbids inline scripts
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
            AXE_TAGS)
        assert not result, f"axe found problems on {page.url}:\n{_describe(result)}"

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path}: {response.status}"
        self.audit()
        return response

    def submit(self, locator, status: int | None = None):
        """Click a submit button, wait for the next page, and check it."""
        with self.page.expect_navigation() as nav:
            locator.click()
        response = nav.value
        if status is not None:
            assert response.status == status, f"{self.page.url}: {response.status}"
        self.audit()
        return response

    def sign_in(self, email: str, password: str) -> None:
        self.goto("/login")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.submit(self.page.locator("main").get_by_role("button", name="Sign in"))

    def sign_out(self) -> None:
        self.submit(self.page.get_by_role("button", name="Sign out"))


def signed_in_page(browser, server, email: str, password: str, height: int = 800):
    """(context, page): a browser of its own, 360 px wide, signed in as the member (for tests
    with several people at once, beside the `ui` fixture)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    return context, page


@pytest.fixture
def ui(browser, server):
    """A fresh 360 px wide browser context (its own cookies) for each test."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, locale="en-GB")
    context.add_init_script(  # says where a CSP violation came from (init scripts are exempt from CSP)
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP ' + e.violatedDirective + ' at ' + e.sourceFile + ':' + e.lineNumber + ' ' + e.sample))")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    # 4xx pages are asserted by the tests themselves; anything else (script errors, CSP) fails.
    expected = "Failed to load resource: the server responded with a status of 4"
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith(expected) else None)
    yield Ui(page, server.url)
    context.close()
    assert not errors, "browser console errors:\n" + json.dumps(errors, indent=1)
