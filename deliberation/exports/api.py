"""API: a version as PDF, DOCX or Markdown (optionally a redline against another version), and
the assembly's amendment booklet or decisions sheet."""
from flask import request

from deliberation.api.blueprint import bp
from deliberation.api.helpers import acting_member
from deliberation.api.openapi import ROUTES
from deliberation.exports.documents import (
    BOOKLET_FORMATS,
    BOOKLET_KINDS,
    CONTENT_TYPES,
    VERSION_FORMATS,
    booklet_file,
    version_file,
    version_id_param,
)
from deliberation.exports.responses import download

ROUTES.extend([
    ("get", "/versions/{id}/export", ("A version as a file: PDF with line numbers, DOCX, or Markdown; with "
                                      "'against', a redline against that version of the same assembly (DOCX: "
                                      "tracked changes; Markdown: CriticMarkup)"), None, 200, [],
     {"query": {"format": ("string", VERSION_FORMATS, True), "against": ("integer", None, False)},
      "files": [CONTENT_TYPES[f] for f in VERSION_FORMATS]}),
    ("get", "/assemblies/{id}/booklet", ("The amendment booklet (every amendment in line order with sponsor, "
                                         "supporters, lines, redline and rationale) or the decisions sheet"),
     None, 200, [],
     {"query": {"format": ("string", BOOKLET_FORMATS, True), "kind": ("string", BOOKLET_KINDS, True)},
      "files": [CONTENT_TYPES[f] for f in BOOKLET_FORMATS]}),
])


@bp.get("/versions/<int:version_id>/export")
def api_export_version(version_id: int):
    """Any member may export any version they may read; every version of an assembly is open to members."""
    acting_member()
    return download(version_file(version_id, request.args.get("format"),
                                 version_id_param(request.args.get("against"))))


@bp.get("/assemblies/<int:assembly_id>/booklet")
def api_booklet(assembly_id: int):
    """The booklet and the decisions sheet are public to the assembly's members."""
    acting_member()
    return download(booklet_file(assembly_id, request.args.get("format"), request.args.get("kind")))
