"""The returning officer's roll import page: upload with CSRF, the import as a background job with
progress, the report and its rejected rows (on screen and as CSV), re-import, permissions, the
upload size limit, bad files, and imports whose process died."""
import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pages import csrf, sign_in

from deliberation.models import Member, Membership
from deliberation.models.timeutil import utcnow
from deliberation.people.models import RollImport, RollRejection
from deliberation.people.roll import jobs as roll_jobs
from extensions import db

HEADER = "email,name,group,member_number,eligible\n"
ROLL = HEADER + (
    "ann@example.org,Ann,Leeds,M1,yes\n"
    "not-an-email,Bob,Leeds,M2,yes\n"
    "cat@example.org,Cat,Atlantis,M3,yes\n"
    "ANN@example.org,Ann Again,Leeds,M4,yes\n"
    "dan@example.org,Dan,,M5,no\n")




def sign_in_as(client, member) -> None:
    assert sign_in(client, member.email, "correct horse").status_code == 302


def upload(client, data: bytes | str, filename: str = "roll.csv", token: str | None = None):
    """Post a file through the upload form as a browser would (multipart, with the form's CSRF token)."""
    if token is None:
        token = csrf(client.get("/roll/import").text)
    if isinstance(data, str):
        data = data.encode()
    return client.post("/roll/import", data={"csrf_token": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def job_id_from(reply) -> int:
    assert reply.status_code == 303, reply.text[:2000]
    return int(re.fullmatch(r"/roll/imports/(\d+)", reply.headers["Location"]).group(1))


def field_error(html: str) -> str:
    found = re.search(r'<p class="field-error" id="file-error">(.*?)</p>', html, re.DOTALL)
    assert found, "no inline error beside the file field"
    return found.group(1)


@pytest.fixture
def inline(app):
    """Imports run inside the upload request, so a test sees the finished job at once."""
    app.config["ROLL_IMPORT_BACKGROUND"] = False
    return app


@pytest.fixture
def officer(client, make_member, make_group):
    make_group("Leeds")
    member = make_member("Rita Officer", returning_officer=True)
    sign_in_as(client, member)
    return member


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_upload_imports_reports_rejected_rows_and_reimport_updates(inline, client, officer):
    job_id = job_id_from(upload(client, ROLL))
    page = client.get(f"/roll/imports/{job_id}")
    assert page.status_code == 200
    text = page.text
    assert "Finished. New members: 2; members updated: 0; members unchanged: 0; rows rejected: 3." in text
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>(.*?)</td></tr>', text)
    assert [int(line) for line, _ in rows] == [3, 4, 5]
    assert "bad email" in rows[0][1] and "unknown group" in rows[1][1] and "duplicate email" in rows[2][1]
    assert "Download all 3 rejected rows as CSV" in text
    job = db.session.get(RollImport, job_id)
    assert (job.status, job.rows_total, job.rows_done, job.created, job.updated, job.rejected) == \
        ("done", 5, 5, 2, 0, 3)
    assert job.started_by_id == officer.id and job.filename == "roll.csv"
    assert not roll_jobs.upload_path(job_id).exists()  # the roll's personal data is not kept on disk

    again = HEADER + "ann@example.org,Ann Smith,Leeds,M1,no\ndan@example.org,Dan,Leeds,M5,yes\n" \
                     "eve@example.org,Eve,,M6,yes\n"
    second = job_id_from(upload(client, again, "roll-v2.csv"))
    assert "Finished. New members: 1; members updated: 2; members unchanged: 0; rows rejected: 0." \
        in client.get(f"/roll/imports/{second}").text
    assert count(Member) == 4  # the officer, Ann, Dan, Eve: updated, never duplicated
    ann = db.session.scalar(db.select(Member).where(Member.email == "ann@example.org"))
    db.session.refresh(ann)
    assert (ann.name, ann.eligible) == ("Ann Smith", False)
    assert count(Membership) == 2  # Ann and Dan in Leeds, once each
    third = job_id_from(upload(client, again, "roll-v2-again.csv"))
    job = db.session.get(RollImport, third)
    # the same file: nothing to write
    assert (job.created, job.updated, job.unchanged, job.rejected) == (0, 0, 3, 0)
    assert "Members unchanged</dt><dd>3</dd>" in client.get(f"/roll/imports/{third}").text
    listing = client.get("/roll/import").text
    assert listing.index("roll-v2.csv") < listing.index("roll.csv")  # newest first
    assert "updated: 0 · unchanged: 3 · rejected: 0" in listing
    assert f'href="/roll/imports/{job_id}"' in listing


def test_background_import_reports_progress_through_the_status_route(app, client, officer):
    assert app.config["ROLL_IMPORT_BACKGROUND"]
    rows = 4500  # three batches of the importer: progress moves more than once
    roll = HEADER + "".join(f"p{i}@example.org,Person {i},Leeds,P{i},yes\n" for i in range(rows)) \
        + "bad,X,,,yes\n"
    job_id = job_id_from(upload(client, roll))
    assert roll_jobs.wait(job_id, timeout=120)
    db.session.rollback()  # end the test's read snapshot: the thread wrote with its own connection
    state = client.get(f"/roll/imports/{job_id}/status")
    assert state.status_code == 200 and state.headers["Cache-Control"] == "no-store"
    body = state.json
    assert (body["status"], body["finished"], body["percent"]) == ("done", True, 100)
    assert (body["rows_done"], body["rows_total"], body["created"], body["rejected"]) == \
        (rows + 1, rows + 1, rows, 1)
    assert 'id="roll-report"' in body["report_html"] and "bad email" in body["report_html"]
    assert count(Member) == rows + 1


def test_progress_is_recorded_batch_by_batch(inline, client, officer, monkeypatch):
    seen = []
    real = roll_jobs._Progress.flush

    def spy(self):
        real(self)
        seen.append(db.session.scalar(db.select(RollImport.rows_done).where(RollImport.id == self.job_id)))
    monkeypatch.setattr(roll_jobs._Progress, "flush", spy)
    roll = HEADER + "".join(f"q{i}@example.org,Q {i},,,yes\n" for i in range(4100))
    job_id_from(upload(client, roll))
    assert seen[:3] == [2000, 4000, 4100]


def test_running_import_page_shows_a_progress_bar_and_polls(app, client, officer, monkeypatch):
    monkeypatch.setattr(roll_jobs, "dispatch", lambda job_id: None)  # queued, never started
    job_id = job_id_from(upload(client, ROLL))
    page = client.get(f"/roll/imports/{job_id}").text
    assert "Waiting to start." in page
    assert re.search(r'<p id="roll-status"[^>]*role="status"', page)
    assert f'data-status-url="/roll/imports/{job_id}/status"' in page
    assert '<label for="roll-progress">' in page and '<progress id="roll-progress"' in page
    assert "js/roll-import.js" in page and "<script>" not in page
    db.session.execute(db.update(RollImport).where(RollImport.id == job_id)
                       .values(status="running", rows_done=2))
    db.session.commit()
    assert client.get(f"/roll/imports/{job_id}/status").json["message"] == \
        "Running. Rows checked: 2 of 5 (40%)."
    assert client.get(f"/roll/imports/{job_id}/status").json["finished"] is False


def test_who_may_use_the_pages(inline, client, make_member, make_group):
    make_group("Leeds")
    anonymous = client.get("/roll/import")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login?next=")
    assert client.get("/roll/imports/1/status").status_code == 401

    member = make_member("Plain Member")
    sign_in_as(client, member)
    assert "Membership roll" not in client.get("/").text
    token = csrf(client.get("/account").text)
    refused = upload(client, ROLL, token=token)
    assert refused.status_code == 403 and count(RollImport) == 0 and count(Member) == 1
    for path in ("/roll/import", "/roll/imports/1", "/roll/imports/1/rejected.csv", "/roll/example.csv"):
        assert client.get(path).status_code == 403, path
    assert client.get("/roll/imports/1/status").status_code == 403

    for flags in ({"returning_officer": True}, {"admin": True}):
        client.post("/logout", data={"csrf_token": csrf(client.get("/account").text)})
        sign_in_as(client, make_member(**flags))
        assert '<a href="/roll/import">Membership roll</a>' in client.get("/").text
        assert client.get("/roll/import").status_code == 200
    job_id = job_id_from(upload(client, ROLL))
    assert client.get(f"/roll/imports/{job_id}").status_code == 200
    assert client.get(f"/roll/imports/{job_id + 1}").status_code == 404
    assert client.get(f"/roll/imports/{job_id + 1}/status").status_code == 404


def test_upload_needs_the_csrf_token(inline, client, officer):
    reply = client.post("/roll/import", data={"file": (io.BytesIO(ROLL.encode()), "roll.csv")},
                        content_type="multipart/form-data")
    assert reply.status_code == 400 and "expired" in reply.text
    assert count(RollImport) == 0


def test_size_limit_is_this_route_only_and_gets_an_inline_message(inline, app, client, officer):
    from config import Config
    defaults = Config()
    assert defaults.ROLL_UPLOAD_MAX_BYTES == 64 * 1024 * 1024 \
        and defaults.MAX_CONTENT_LENGTH == 2 * 1024 * 1024
    app.config["ROLL_UPLOAD_MAX_BYTES"] = 4096
    token = csrf(client.get("/roll/import").text)
    big = HEADER + "".join(f"m{i}@example.org,Member {i},,,yes\n" for i in range(200))
    assert len(big) > 4096
    reply = upload(client, big, token=token)
    assert reply.status_code == 413
    assert "larger than the 4 KB limit for a roll" in field_error(reply.text)
    assert '<form method="post" enctype="multipart/form-data"' in reply.text  # the page, not a bare 413
    assert 'aria-invalid="true"' in reply.text
    assert count(RollImport) == 0 and count(Member) == 1

    app.config["MAX_CONTENT_LENGTH"] = 1024  # the app-wide limit does not apply to this route
    app.config["ROLL_UPLOAD_MAX_BYTES"] = 64 * 1024
    job_id = job_id_from(upload(client, big, token=token))
    assert db.session.get(RollImport, job_id).created == 200
    assert client.post("/login", data={"email": "x" * 2000}).status_code == 413  # still limited elsewhere


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (b"\xef\xbb\xbf\n\n", "The file is empty"),
    (b"PK\x03\x04\x14\x00\x06\x00 spreadsheet", "This is a spreadsheet file, not CSV"),
    (b"email,name\x00\x01\x02", "it holds binary data"),
    (HEADER.encode() + "ann@example.org,Ann,,,yes\nzo\u00eb@example.org,Zo\u00eb,,,yes\n".encode("latin-1"),
     "not UTF-8 text (the first problem is on line 3)"),
    (b"mail,full name\nann@example.org,Ann\n",
     "The first line must name the columns email,name,group,member_number,eligible "
     "(it lacks email, name, group"),
    (b"email;name;group;member_number;eligible\nann@example.org;Ann;;;yes\n",
     "The columns are separated by semicolons; separate them with commas."),
    (HEADER.encode() + b"\n", "names the columns but has no members"),
], ids=["empty", "blank", "xlsx", "binary", "latin-1", "header", "semicolons", "header-only"])
def test_bad_files_get_a_clear_inline_message(inline, client, officer, data, message):
    reply = upload(client, data)
    assert reply.status_code == 400
    assert message in field_error(reply.text)
    assert count(RollImport) == 0 and count(Member) == 1


def test_no_file_chosen(inline, client, officer):
    token = csrf(client.get("/roll/import").text)
    reply = client.post("/roll/import", data={"csrf_token": token}, content_type="multipart/form-data")
    assert reply.status_code == 400 and "Choose the CSV file to upload." in field_error(reply.text)


def test_a_stalled_import_shows_as_failed_and_frees_the_way(inline, app, client, officer):
    long_ago = utcnow() - timedelta(minutes=10)
    dead = RollImport(started_by_id=officer.id, filename="dead.csv", status="running", rows_total=100,
                      rows_done=40, created_at=long_ago, updated_at=long_ago)
    alive = RollImport(started_by_id=officer.id, filename="alive.csv", status="running", rows_total=100,
                       rows_done=40, updated_at=utcnow() - timedelta(minutes=1))
    db.session.add_all([dead, alive])
    db.session.commit()
    roll_jobs.upload_path(dead.id).parent.mkdir(parents=True, exist_ok=True)
    roll_jobs.upload_path(dead.id).write_text(ROLL)

    page = client.get(f"/roll/imports/{dead.id}").text
    assert "The import failed: it made no progress for 5 minutes" in page
    assert "Members imported before it stopped are kept" in page
    assert not roll_jobs.upload_path(dead.id).exists()
    assert client.get(f"/roll/imports/{dead.id}/status").json["status"] == "failed"
    assert client.get(f"/roll/imports/{alive.id}/status").json["status"] == "running"

    refused = upload(client, ROLL)
    assert refused.status_code == 409
    assert "Another roll import (alive.csv) is still running" in field_error(refused.text)
    db.session.execute(db.update(RollImport).where(RollImport.id == alive.id).values(updated_at=long_ago))
    db.session.commit()
    job_id = job_id_from(upload(client, ROLL))
    assert db.session.get(RollImport, job_id).status == "done"
    assert db.session.get(RollImport, alive.id).error == "stalled"


def test_a_crashed_import_is_failed_and_logged(inline, client, officer, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(roll_jobs, "import_roll", broken)
    job_id = job_id_from(upload(client, ROLL))
    job = db.session.get(RollImport, job_id)
    assert (job.status, job.error) == ("failed", "error")
    assert "disk on fire" in caplog.text
    assert "an unexpected error stopped it" in client.get(f"/roll/imports/{job_id}").text
    assert not roll_jobs.upload_path(job_id).exists()


def test_rejected_rows_download_as_csv_and_upload_again_once_fixed(inline, client, officer):
    job_id = job_id_from(upload(client, ROLL))
    reply = client.get(f"/roll/imports/{job_id}/rejected.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.headers["Content-Disposition"] == f'attachment; filename="roll-import-{job_id}-rejected.csv"'
    rows = list(csv.reader(io.StringIO(reply.data.decode("utf-8-sig"))))
    assert rows[0] == ["line", "reason", "email", "name", "group", "member_number", "eligible"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5"]
    assert rows[1][2:] == ["not-an-email", "Bob", "Leeds", "M2", "yes"]
    assert rows[2][2:] == ["cat@example.org", "Cat", "Atlantis", "M3", "yes"]

    fixed = io.StringIO()
    writer = csv.writer(fixed, lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerow(rows[1][:2] + ["bob@example.org"] + rows[1][3:])
    writer.writerow(rows[2][:4] + ["Leeds"] + rows[2][5:])
    second = job_id_from(upload(client, "\ufeff" + fixed.getvalue(), "fixed.csv"))
    job = db.session.get(RollImport, second)
    assert (job.created, job.updated, job.rejected) == (2, 0, 0)


def test_rejected_rows_are_paginated_on_screen(inline, client, officer):
    roll = HEADER + "".join(f"bad{i},Bad {i},,,yes\n" for i in range(120))
    job_id = job_id_from(upload(client, roll))
    assert count(RollRejection) == 120
    first = client.get(f"/roll/imports/{job_id}").text
    assert len(re.findall(r'<tr><td class="num">', first)) == 50
    assert "Rows 1 to 50 of 120" in first and "Page 1 of 3" in first
    assert f'href="/roll/imports/{job_id}?page=2#rejected-heading" rel="next"' in first
    last = client.get(f"/roll/imports/{job_id}?page=3").text
    assert len(re.findall(r'<tr><td class="num">', last)) == 20 and "Rows 101 to 120 of 120" in last
    assert "bad119" in last and 'rel="next"' not in last
    assert "Page 3 of 3" in client.get(f"/roll/imports/{job_id}?page=99").text
    assert "Page 1 of 3" in client.get(f"/roll/imports/{job_id}?page=abc").text
    assert len(client.get(f"/roll/imports/{job_id}/rejected.csv").data.decode().splitlines()) == 121


def test_upload_page_explains_the_columns_with_an_example(inline, client, officer):
    page = client.get("/roll/import").text
    assert 'enctype="multipart/form-data"' in page and 'accept=".csv,text/csv"' in page
    assert "<code>email,name,group,member_number,eligible</code>" in page
    assert "Empty means no." in page and "up to 64 MB" in page
    example = client.get("/roll/example.csv")
    assert example.status_code == 200 and example.data.decode().startswith(HEADER)
    assert example.data.decode() in page  # the example shown is the example downloaded
    assert 'data-max-bytes="67108864"' in page


def test_uploaded_file_waits_in_a_private_file(app, client, officer, monkeypatch):
    monkeypatch.setattr(roll_jobs, "dispatch", lambda job_id: None)
    job_id = job_id_from(upload(client, ROLL))
    path = roll_jobs.upload_path(job_id)
    assert path.read_bytes() == ROLL.encode() and path.stat().st_mode & 0o077 == 0
    assert Path(app.config["ROLL_UPLOAD_DIR"]).is_relative_to(app.config["INSTANCE"])
    roll_jobs.run_import(job_id)
    assert db.session.get(RollImport, job_id).status == "done" and not path.exists()
    roll_jobs.run_import(job_id)  # a finished import is never run twice
    assert count(Member) == 3


def test_a_spreadsheet_export_with_bom_and_crlf_is_read(inline, client, officer):
    """What "CSV UTF-8" from a spreadsheet on Windows looks like: a BOM, CRLF line ends, a blank last line."""
    data = ("\ufeffEmail,Name,Group,Member_Number,Eligible\r\n"
            "zoë@example.org,Zoë Ångström,leeds,Z1,Yes\r\n"
            "yan@example.org,Yan,,Z2,0\r\n\r\n").encode()
    job_id = job_id_from(upload(client, data, "/home/rita/Roll export.csv"))
    job = db.session.get(RollImport, job_id)
    assert (job.filename, job.rows_total, job.created, job.rejected) == ("Roll export.csv", 2, 2, 0)
    zoe = db.session.scalar(db.select(Member).where(Member.email == "zoë@example.org"))
    assert zoe.name == "Zoë Ångström" and zoe.eligible and len(zoe.group_ids()) == 1
