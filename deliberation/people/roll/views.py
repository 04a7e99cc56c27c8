"""What the roll import pages show: the upload form, status words and sentences, the report's page
of rejected rows. Kept apart from the routes so each view stays parse, check, call, render."""
import math

from flask import current_app, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from deliberation.forms import Form
from deliberation.people.invitations import pending_count
from deliberation.people.models import RollImport
from deliberation.people.roll.importer import COLUMNS
from deliberation.people.roll.jobs import (
    active_import,
    recent_imports,
    rejections_page,
    starter_name,
)

PER_PAGE = 50

#: The example on the page and in the example file, the same rows.
EXAMPLE = (",".join(COLUMNS) + "\n"
           "ann.jones@example.org,Ann Jones,Leeds,M0001,yes\n"
           "bob.smith@example.org,Bob Smith,,M0002,no\n"
           "cerys.evans@example.org,Cerys Evans,Cardiff,,yes\n")

STATUS_NAMES = {
    "queued": _l("waiting to start"),
    "running": _l("running"),
    "done": _l("finished"),
    "failed": _l("failed"),
}


class RollUploadForm(Form):
    file = FileField(_l("The roll as a CSV file"),
                     validators=[FileRequired(_l("Choose the CSV file to upload."))],
                     render_kw={"accept": ".csv,text/csv"})


def size_text(size: int) -> str:
    """A byte count for people: 64 MB, 512 KB."""
    if size >= 1024 * 1024:
        return _("%(n)s MB", n=format_decimal(round(size / (1024 * 1024), 1)))
    return _("%(n)s KB", n=format_decimal(max(1, round(size / 1024))))


def too_large_message() -> str:
    return _("The file is larger than the %(limit)s limit for a roll. Split it into smaller files, each "
             "with the first line of column names, and upload them one after another: a re-import "
             "updates members, it never duplicates them.",
             limit=size_text(current_app.config["ROLL_UPLOAD_MAX_BYTES"]))


def status_name(status: str) -> str:
    return str(STATUS_NAMES.get(status, status))


def percent(job: RollImport) -> int:
    if job.status == "done":
        return 100
    return min(100, int(100 * job.rows_done / job.rows_total)) if job.rows_total else 0


def failure_reason(job: RollImport) -> str:
    if job.error == "stalled":
        minutes = max(1, current_app.config.get("ROLL_IMPORT_STALE_SECONDS", 300) // 60)
        return _("it made no progress for %(minutes)s minutes, so the server was probably restarted while "
                 "it ran.", minutes=minutes)
    if job.error == "missing_file":
        return _("the uploaded file was no longer on the server.")
    return _("an unexpected error stopped it; it has been logged for the administrators.")


def status_message(job: RollImport) -> str:
    """One sentence on where an import stands, for the live region and the status route."""
    if job.status == "queued":
        return _("Waiting to start.")
    if job.status == "running":
        return _("Running. Rows checked: %(done)s of %(total)s (%(percent)s%%).",
                 done=format_decimal(job.rows_done), total=format_decimal(job.rows_total),
                 percent=percent(job))
    if job.status == "done":
        return _("Finished. New members: %(created)s; members updated: %(updated)s; "
                 "members unchanged: %(unchanged)s; rows rejected: %(rejected)s.",
                 created=format_decimal(job.created), updated=format_decimal(job.updated),
                 unchanged=format_decimal(job.unchanged), rejected=format_decimal(job.rejected))
    return _("The import failed: %(reason)s", reason=failure_reason(job))


def page_number(raw: str | None) -> int:
    """A ?page= value as a page number from 1 (report_context clamps it to the last page)."""
    try:
        return max(1, min(10**9, int(raw or 1)))
    except ValueError:
        return 1


def report_context(job: RollImport, page: int = 1) -> dict:
    pages = max(1, math.ceil(job.rejected / PER_PAGE))
    page = max(1, min(page, pages))
    return {"job": job, "page": page, "pages": pages, "per_page": PER_PAGE,
            "rejections": rejections_page(job.id, page, PER_PAGE) if job.rejected else [],
            "pending_invitations": pending_count() if job.status == "done" else 0,
            "failure": failure_reason(job) if job.status == "failed" else None}


def job_context(job: RollImport) -> dict:
    return {"job": job, "starter": starter_name(job), "message": status_message(job), "percent": percent(job),
            "size": size_text(job.size_bytes)}


def upload_page(form: RollUploadForm, status: int = 200):
    limit = current_app.config["ROLL_UPLOAD_MAX_BYTES"]
    return render_template("roll/upload.html", form=form, imports=recent_imports(), active=active_import(),
                           max_bytes=limit, limit=size_text(limit), too_large=too_large_message(),
                           example=EXAMPLE, columns=COLUMNS, roll_status_name=status_name), status
