"""An export as a download: its content type and a Content-Disposition file name."""
from io import BytesIO

from flask import send_file

from deliberation.exports.documents import ExportFile


def download(export: ExportFile):
    reply = send_file(BytesIO(export.data), mimetype=export.content_type, as_attachment=True,
                      download_name=export.filename, max_age=0)
    reply.headers["X-Content-Type-Options"] = "nosniff"
    return reply
