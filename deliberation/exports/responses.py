"""An export as a download: its content type and a Content-Disposition file name.

A PDF not yet drawn is drawn here, at the edge that owns the request's transaction: the
transaction ends first (its reads are done; it wrote at most the token's or sign-in's "last
used" mark), so a render of several seconds holds no database lock and no pooled connection.
"""
from io import BytesIO

from flask import send_file

from deliberation.exports.documents import ExportFile, PendingPdf, cache
from deliberation.exports.renderer import renderer
from deliberation.unit_of_work import UnitOfWork


def _draw(pending: PendingPdf) -> bytes:
    UnitOfWork().commit()
    data = renderer().render(pending.builder, *pending.args)
    if pending.cache_key is not None:
        cache().put(pending.cache_key, data)
    return data


def download(export: ExportFile):
    data = export.data if export.pending is None else _draw(export.pending)
    reply = send_file(BytesIO(data), mimetype=export.content_type, as_attachment=True,
                      download_name=export.filename, max_age=0)
    reply.headers["X-Content-Type-Options"] = "nosniff"
    return reply
