"""Cross-site WebSocket hijacking in real Chromium: a page on another origin of the same site
(another port of 127.0.0.1, so the member's SameSite=Lax cookie goes with its requests)
cannot open /live as the signed-in member, while the app's own editor page still can."""
import http.server
import json
import threading

import pytest
from conftest import ROOT
from test_live_editor import live_text, live_world, open_editor, type_at_end

pytestmark = pytest.mark.timeout(120)
CLIENT = ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"

HOSTILE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Free prizes</title>
<script src="/socket.io.min.js"></script></head><body><h1>Free prizes</h1><script>
window.outcome = {};
function attempt(name, transports) {
  const socket = io(%(app)s + "/live",
                    {transports, withCredentials: true, reconnection: false, timeout: 5000});
  socket.on("connect", () => {
    window.outcome[name] = "connected";
    socket.emit("join", {room: %(room)s}, (ack) => {
      window.outcome[name] = "joined " + JSON.stringify(ack);
    });
  });
  socket.on("connect_error", (err) => { window.outcome[name] = "refused: " + err.message; });
}
attempt("websocket", ["websocket"]);
attempt("polling", ["polling"]);
</script></body></html>"""


@pytest.fixture
def hostile_site(server):
    """hostile_site(room) -> the URL of a page on another origin that tries to join ``room``."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/socket.io.min.js":
                body, kind = CLIENT.read_bytes(), "text/javascript"
            elif self.path in pages:
                body, kind = pages[self.path].encode(), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def page_for(room: str) -> str:
        path = f"/prizes-{len(pages)}.html"
        pages[path] = HOSTILE % {"app": json.dumps(server.url), "room": json.dumps(room)}
        return f"http://127.0.0.1:{httpd.server_address[1]}{path}"

    yield page_for
    httpd.shutdown()
    httpd.server_close()


def test_a_page_on_another_origin_cannot_join_with_the_members_cookies(browser, server, make, hostile_site):
    if not CLIENT.exists():
        pytest.skip(f"{CLIENT} is missing: run `npm install`")
    data = make(live_world)
    room = data["room"]
    context, editor = open_editor(browser, server, data["org"], data)  # signed in; the editor works
    try:
        assert context.cookies(server.url), "the member is signed in, with a cookie for the app"
        evil = context.new_page()
        evil.set_default_timeout(15_000)
        evil.goto(hostile_site(room))
        evil.wait_for_function("() => Object.keys(window.outcome).length === 2"
                               " && Object.values(window.outcome).every(o => o !== 'connected')")
        outcome = evil.evaluate("() => window.outcome")
        assert outcome["websocket"].startswith("refused"), outcome
        assert outcome["polling"].startswith("refused"), outcome

        # The member's own editor page is unaffected and still writes.
        type_at_end(editor, " Still mine.")
        editor.wait_for_function("r => window.refoundLive.rooms[r].unacked === 0", arg=room)
        assert "Still mine." in live_text(editor, room)
        with server.app.app_context():
            from deliberation.live.store import live_text as stored
            assert "Still mine." in stored(room)
    finally:
        context.close()
