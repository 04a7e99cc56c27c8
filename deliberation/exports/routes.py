"""Downloads from the pages (signed in by session: the API takes bearer tokens only)."""
from flask import request
from flask_babel import gettext as _
from flask_login import login_required

from amendments.models import Version
from deliberation.exports.blueprint import bp
from deliberation.exports.documents import booklet_file, version_file, version_id_param
from deliberation.exports.responses import download
from extensions import db


@bp.get("/versions/<int:version_id>/export")
@login_required
def version_export(version_id: int):
    """The version page's and draft page's downloads; bad choices get the error page's 400."""
    return download(version_file(version_id, request.args.get("format"),
                                 version_id_param(request.args.get("against"))))


@bp.get("/assemblies/<int:assembly_id>/booklet")
@login_required
def booklet(assembly_id: int):
    return download(booklet_file(assembly_id, request.args.get("format"), request.args.get("kind")))


@bp.app_template_global("export_versions")
def export_versions(version) -> list:
    """The other versions of the version's assembly, newest first, for the page's comparison choice."""
    return db.session.scalars(db.select(Version).where(Version.assembly_id == version.assembly_id,
                                                       Version.id != version.id)
                              .order_by(Version.id.desc()).limit(200)).all()


@bp.app_template_global("export_kind")
def export_kind(kind: str) -> str:
    return {"base": _("base text"), "proposal": _("proposal"),
            "merge": _("consolidated draft")}.get(kind, kind)
