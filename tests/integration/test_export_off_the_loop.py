"""A real `python app.py` server (gevent: one thread for every live connection) keeps
acknowledging live edits while it serves a whole-draft PDF, because WeasyPrint runs in a render
process: the server's own process never even loads Pango."""
import os
import threading
from pathlib import Path

import requests
from live_servers import Server, live_world
from test_exports_large import draft

from deliberation.live.client import LiveClient
from extensions import db

EDITS = 20


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _loads_pango(pid: int) -> bool:
    return "libpango" in Path(f"/proc/{pid}/maps").read_text()


def test_live_edits_are_acknowledged_while_a_whole_draft_pdf_renders(
        app, api, make_member, make_group, make_assembly, token_for, tmp_path):
    admin = make_member(admin=True)
    made = api(admin).post("/assemblies",
                           {"title": "Large", "base_text": draft(), "support_threshold": 0}).json
    _proposal_id, room, tokens = live_world(make_member, make_group, make_assembly, token_for, 2, "Start.\n")
    reader = token_for(admin)
    db.session.remove()
    server = Server(tmp_path)
    editor = LiveClient(server.url, tokens[0], room).connect()
    rendered = threading.Event()
    outcome = {}

    def download() -> None:
        outcome["reply"] = requests.get(f"{server.url}/api/v1/versions/{made['current_version_id']}/export",
                                        params={"format": "pdf"},
                                        headers={"Authorization": f"Bearer {reader}"}, timeout=300)
        rendered.set()

    fetch = threading.Thread(target=download)
    try:
        fetch.start()
        while not _children(server.proc.pid) and not rendered.is_set():
            rendered.wait(0.01)  # until the server has handed the PDF to a render process
        acknowledged_meanwhile = 0
        for n in range(EDITS):
            editor.insert(0, f"{n} ")
            assert editor.wait_acked(30)
            acknowledged_meanwhile += not rendered.is_set()
        fetch.join(300)
        reply = outcome["reply"]
        assert reply.status_code == 200 and reply.content.startswith(b"%PDF")
        assert acknowledged_meanwhile == EDITS  # none waited for the render
        assert not editor.errors
        assert not _loads_pango(server.proc.pid)
        assert any(_loads_pango(pid) for pid in _children(server.proc.pid))
        assert os.listdir(tmp_path / "export-cache")  # drawn once, kept for the next reader
    finally:
        editor.close()
        server.stop()
