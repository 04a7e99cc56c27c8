"""The returning officer's roll import pages: upload a CSV, watch the import, read its report.

Only admins and returning officers; everyone else gets 403, and anyone not signed in is sent to
sign in. The JSON status route, polled by static/js/roll-import.js, answers in JSON only.
"""
import csv
import io

from flask import (
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from deliberation.auth.permissions import is_returning_officer
from deliberation.errors import NotFound, ServiceError
from deliberation.people.roll import views
from deliberation.people.roll.blueprint import bp
from deliberation.people.roll.importer import COLUMNS
from deliberation.people.roll.jobs import all_rejections, get_import, start_import
from extensions import csrf


def _officers_only() -> None:
    if not is_returning_officer(current_user):
        abort(403)


@bp.route("/roll/import", methods=["GET", "POST"])
@csrf.exempt  # checked below with csrf.protect(), once this route's larger body limit is in force
@login_required
def upload():
    """The upload form and the recent imports; a good file is queued and its progress page shown."""
    _officers_only()
    if request.method == "POST":
        request.max_content_length = current_app.config["ROLL_UPLOAD_MAX_BYTES"]
        try:
            request.files  # noqa: B018 -- parse the body now, under this route's own limit
        except RequestEntityTooLarge:
            form = views.RollUploadForm(formdata=None)
            form.file.errors = [views.too_large_message()]
            return views.upload_page(form, 413)
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()  # what CSRFProtect would have done before this view, had the body fit
    form = views.RollUploadForm()
    if not form.validate_on_submit():
        return views.upload_page(form, 400 if form.errors else 200)
    upload_file = form.file.data
    try:
        job = start_import(current_user, upload_file.filename or "", upload_file.read(),
                           str(get_locale() or "en"))
    except ServiceError as err:
        form.file.errors = [err.message]
        return views.upload_page(form, err.status)
    return redirect(url_for("roll.show", job_id=job.id), 303)


@bp.route("/roll/imports/<int:job_id>")
@login_required
def show(job_id: int):
    """An import's progress while it runs; its report, with a page of rejected rows, once finished."""
    _officers_only()
    job = get_import(job_id)
    context = views.job_context(job)
    if job.finished:
        context |= views.report_context(job, views.page_number(request.args.get("page")))
    return render_template("roll/show.html", **context)


@bp.route("/roll/imports/<int:job_id>/status")
def status(job_id: int):
    """Progress as JSON for the page's script; the report's HTML comes along once finished."""
    if not current_user.is_authenticated:
        return jsonify({"error": {"code": "unauthorized", "message": _("Sign in first.")}}), 401
    if not is_returning_officer(current_user):
        return jsonify({"error": {"code": "forbidden", "message": _("You may not see or do this.")}}), 403
    try:
        job = get_import(job_id)
    except NotFound as err:
        return jsonify(err.to_dict()), 404
    body = {"id": job.id, "status": job.status, "status_name": views.status_name(job.status),
            "finished": job.finished, "rows_total": job.rows_total, "rows_done": job.rows_done,
            "percent": views.percent(job), "created": job.created, "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected, "message": views.status_message(job)}
    if job.finished:
        body["report_html"] = render_template("roll/_report.html", **views.report_context(job))
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/roll/imports/<int:job_id>/rejected.csv")
@login_required
def rejected_csv(job_id: int):
    """Every rejected row with its line, reason and values: fix the rows and upload this file again
    (the importer ignores the extra line and reason columns). Values are written as they came, so
    the round trip is exact; the file is the officer's own data coming back."""
    _officers_only()
    job = get_import(job_id)

    def lines():
        out = io.StringIO()
        out.write("\ufeff")  # the BOM tells spreadsheets it is UTF-8; the importer skips it
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["line", "reason", *COLUMNS])
        for n, (line, reason, fields) in enumerate(all_rejections(job.id), 1):
            writer.writerow([line, reason, *(fields or [""] * len(COLUMNS))])
            if n % 1000 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return Response(stream_with_context(lines()), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="roll-import-{job.id}-rejected.csv"',
        "Cache-Control": "no-store"})


@bp.route("/roll/example.csv")
@login_required
def example_csv():
    _officers_only()
    return Response(views.EXAMPLE, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="roll-example.csv"'})
