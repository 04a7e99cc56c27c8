"""PDFs are drawn in render processes with a cap, and version exports are drawn once.

The cap and the cache are checked without timing: a test holds the render slots itself, so a
request that would render is refused at once, and one the cache answers is not."""
import os
import signal

import pytest

from deliberation.exports import renderer as rendering
from deliberation.exports.model import Booklet
from deliberation.exports.renderer import idle_processes, renderer
from deliberation.exports.words import document_words

TEXT = "# Constitution\n\n## 1. Name\n\n1.1 The organisation is called Mudiad Cymru (ŵ ŷ).\n"


class Reader:
    """A member's API client that can also choose a language."""

    def __init__(self, client, token):
        self.client, self.auth = client, {"Authorization": f"Bearer {token}"}

    def get(self, path, lang="en"):
        return self.client.get("/api/v1" + path, headers={**self.auth, "Accept-Language": lang})


@pytest.fixture
def version(api, client, make_member, token_for):
    admin, chair = make_member(admin=True), make_member("Chair")
    made = api(admin).post("/assemblies", {"title": "Exports", "base_text": TEXT, "chairs": [chair.email],
                                           "support_threshold": 0}).json
    return Reader(client, token_for(chair)), made["current_version_id"]


class Slots:
    """Takes every render slot of the app, as renders in flight would."""

    def __init__(self, app):
        self.renderer, self.taken = renderer(app), 0

    def __enter__(self):
        while self.renderer._free.acquire(blocking=False):
            self.taken += 1
        return self

    def __exit__(self, *exc):
        for _ in range(self.taken):
            self.renderer._free.release()


def test_a_pdf_is_drawn_in_a_render_process_that_stays_for_the_next(app, version):
    client, version_id = version
    reply = client.get(f"/versions/{version_id}/export?format=pdf")
    assert reply.status_code == 200 and reply.data.startswith(b"%PDF")
    drawn_by = idle_processes()
    assert drawn_by and os.getpid() not in drawn_by
    for pid in drawn_by:  # a render process is this process's child, at a lower priority
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        assert int(fields[1]) == os.getpid()  # ppid
        assert int(fields[16]) >= app.config["EXPORT_RENDER_NICE"]  # nice


def test_when_every_render_is_busy_a_pdf_is_refused_with_503_and_retry_after(app, version):
    client, version_id = version
    app.config.update(EXPORT_RENDER_WAIT=0)
    renderer(app).wait = 0
    with Slots(app):
        reply = client.get(f"/versions/{version_id}/export?format=pdf&against={version_id}")
        docx = client.get(f"/versions/{version_id}/export?format=docx&against={version_id}")
    assert reply.status_code == 503
    assert reply.json["error"]["code"] == "export_busy"
    assert int(reply.headers["Retry-After"]) > 0
    assert docx.status_code == 200  # only PDFs take a render slot
    again = client.get(f"/versions/{version_id}/export?format=pdf&against={version_id}")
    assert again.status_code == 200 and again.data.startswith(b"%PDF")  # a slot is free again


def test_a_version_is_drawn_once_then_served_from_the_cache(app, version):
    client, version_id = version
    first = client.get(f"/versions/{version_id}/export?format=pdf")
    assert first.status_code == 200
    cached = os.listdir(app.config["EXPORT_CACHE_DIR"])
    assert len(cached) == 1
    renderer(app).wait = 0
    with Slots(app):  # no render could run now: only the cache can answer
        second = client.get(f"/versions/{version_id}/export?format=pdf")
        welsh = client.get(f"/versions/{version_id}/export?format=pdf", lang="cy")
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert welsh.status_code == 503  # another language is another file, not drawn yet
    docx = client.get(f"/versions/{version_id}/export?format=docx")
    assert docx.status_code == 200
    assert len(os.listdir(app.config["EXPORT_CACHE_DIR"])) == 2  # a format is a file of its own


def test_a_refused_export_stores_nothing_in_the_cache(app, version):
    client, version_id = version
    reply = client.get(f"/versions/{version_id}/export?format=pdf&against=999999")
    assert reply.status_code == 400
    assert (not os.path.exists(app.config["EXPORT_CACHE_DIR"])
            or not os.listdir(app.config["EXPORT_CACHE_DIR"]))


def test_a_render_process_that_died_is_replaced(app, version):
    client, version_id = version
    assert client.get(f"/versions/{version_id}/export?format=pdf").status_code == 200
    for pid in idle_processes():
        os.kill(pid, signal.SIGKILL)  # a crash between renders; its Popen reaps it when next taken
    reply = client.get(f"/versions/{version_id}/export?format=pdf&against={version_id}")
    assert reply.status_code == 200 and reply.data.startswith(b"%PDF")


def test_a_render_over_its_time_is_stopped_with_503(app, version):
    client, version_id = version
    renderer(app).timeout = 0.001
    reply = client.get(f"/versions/{version_id}/export?format=pdf")
    assert reply.status_code == 503
    assert reply.json["error"]["code"] == "export_timeout"
    assert reply.headers["Retry-After"]
    renderer(app).timeout = 120
    assert client.get(f"/versions/{version_id}/export?format=pdf").status_code == 200


def test_a_render_that_fails_is_a_logged_500_and_the_next_render_works(app):
    """The render process answers an error (here: a builder it does not have) and goes on."""
    with pytest.raises(rendering.RenderFailed, match="KeyError"):
        renderer(app).render("no_such_builder")
    assert renderer(app).render("decisions", *_empty_booklet()).startswith(b"%PDF")


def _empty_booklet():
    return Booklet("Decisions", "None yet", [], document_words()), "en"
