"""Exports as files: check the request's choices, gather the plain values, call a builder."""
import os
from dataclasses import dataclass

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from amendments.engine import LineIndex, word_diff
from amendments.models import Version
from amendments.services.versions import get_version, spans_of
from deliberation.errors import Invalid
from deliberation.exports import docx_booklet, docx_version, markdown
from deliberation.exports.authorship import authors_of
from deliberation.exports.cache import ExportCache, cache_key
from deliberation.exports.collect import booklet_entries
from deliberation.exports.model import Booklet, VersionPrint
from deliberation.exports.pieces import attributed
from deliberation.exports.words import document_words
from deliberation.lookup import get_assembly
from deliberation.models import Assembly
from extensions import db

VERSION_FORMATS = ("pdf", "docx", "md")
BOOKLET_FORMATS = ("pdf", "docx")
BOOKLET_KINDS = ("amendments", "decisions")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",  # Flask adds "; charset=utf-8"
}


@dataclass(frozen=True)
class PendingPdf:
    """A PDF still to draw in a render process: ``pdf.<builder>_pdf(*args)``; kept under
    ``cache_key`` once drawn (None: not kept, e.g. a booklet, which changes)."""

    builder: str
    args: tuple
    cache_key: str | None = None


@dataclass(frozen=True)
class ExportFile:
    """A file to download: its bytes, or for a PDF not yet drawn, what to draw (responses.py
    draws it after the request's transaction has ended)."""

    data: bytes | None
    content_type: str
    filename: str
    pending: PendingPdf | None = None


def choice(raw: str | None, allowed: tuple[str, ...], name: str) -> str:
    """One of the allowed values of a query parameter, or a 400 that lists them."""
    if raw not in allowed:
        code = "missing_field" if raw in (None, "") else "invalid_field"
        raise Invalid(_("'%(name)s' must be one of: %(choices)s.", name=name, choices=", ".join(allowed)),
                      code=code, field=name)
    return raw


def version_id_param(raw: str | None, name: str = "against") -> int | None:
    """An optional version id from the query string; anything but digits is a 400."""
    if raw in (None, ""):
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
        raise Invalid(_("'%(name)s' must be a version id.", name=name), code="invalid_field", field=name)
    return int(raw)


def _lang() -> str:
    return str(get_locale() or "en")


def _kind_name(version: Version) -> str:
    return {"base": _("the base text"), "proposal": _("a proposal"),
            "merge": _("a consolidated draft")}.get(version.kind, version.kind)


def version_file(version_id: int, fmt: str, against_id: int | None) -> ExportFile:
    """A version as PDF, DOCX or Markdown; with ``against``, as a redline against that version
    (tracked changes in DOCX, CriticMarkup in Markdown)."""
    fmt = choice(fmt, VERSION_FORMATS, "format")
    version = get_version(version_id)
    assembly = get_assembly(version.assembly_id)
    against = None
    if against_id is not None:
        against = db.session.get(Version, against_id)
        if against is None:
            raise Invalid(_("There is no version %(id)s to compare with.", id=against_id),
                          code="unknown_version", field="against")
        if against.assembly_id != version.assembly_id:
            raise Invalid(_("Versions %(a)s and %(b)s belong to different assemblies; compare versions of "
                            "one assembly.", a=version.id, b=against.id),
                          code="different_assemblies", field="against")
    name = f"assembly-{assembly.id}-version-{version.id}" + (f"-against-{against.id}" if against else "")
    if fmt == "md" and against is None:
        return ExportFile(markdown.clean_markdown(version.text), CONTENT_TYPES[fmt], f"{name}.md")
    files, key = cache(), cache_key(version.id, against.id if against else None, fmt, _lang())
    data = files.get(key)
    if data is not None:
        return ExportFile(data, CONTENT_TYPES[fmt], f"{name}.{fmt}")
    vp = _version_print(assembly, version, against)
    if fmt == "pdf":
        return ExportFile(None, CONTENT_TYPES[fmt], f"{name}.{fmt}",
                          PendingPdf("version", (vp, _lang()), key))
    data = markdown.redline_markdown(vp.pieces, vp.authors) if fmt == "md" else docx_version.version_docx(vp)
    files.put(key, data)
    return ExportFile(data, CONTENT_TYPES[fmt], f"{name}.{fmt}")


def cache() -> ExportCache:
    """Versions never change, so their files are kept (cache.py); booklets change with every decision."""
    config = current_app.config
    folder = config.get("EXPORT_CACHE_DIR") or os.path.join(config["INSTANCE"], "export-cache")
    return ExportCache(folder, int(config.get("EXPORT_CACHE_MB", 500)) * 1024 * 1024)


def _version_print(assembly: Assembly, version: Version, against: Version | None) -> VersionPrint:
    made = version.created_at.strftime("%Y-%m-%d")
    subtitle = _("Version %(id)s (%(kind)s), made %(date)s", id=version.id, kind=_kind_name(version),
                 date=made)
    vp = VersionPrint(title=assembly.title, subtitle=subtitle, text=version.text,
                      lines=LineIndex(version.text, current_app.config["LINE_WIDTH"]).lines,
                      words=document_words())
    if against is not None:
        spans = spans_of(version)
        vp.subtitle = _("Version %(id)s (%(kind)s, made %(date)s) compared with version %(other)s "
                        "(%(other_kind)s)", id=version.id, kind=_kind_name(version), date=made,
                        other=against.id, other_kind=_kind_name(against))
        vp.pieces = attributed(word_diff(against.text, version.text), spans)
        vp.authors = authors_of(version, spans)
    return vp


def booklet_file(assembly_id: int, fmt: str, kind: str) -> ExportFile:
    """The amendment booklet or the decisions sheet, as PDF or DOCX."""
    fmt = choice(fmt, BOOKLET_FORMATS, "format")
    kind = choice(kind, BOOKLET_KINDS, "kind")
    assembly = get_assembly(assembly_id)
    entries = booklet_entries(assembly)
    count = len(entries)
    if kind == "amendments":
        title = _("Amendment booklet: %(title)s", title=assembly.title)
    else:
        title = _("Decisions on amendments: %(title)s", title=assembly.title)
    subtitle = _("%(n)s amendments, in the order of the lines they amend. Current draft: version %(v)s.",
                 n=count, v=assembly.current_version_id)
    booklet = Booklet(title, subtitle, entries, document_words())
    filename = f"assembly-{assembly.id}-{kind}.{fmt}"
    if fmt == "pdf":
        builder = "booklet" if kind == "amendments" else "decisions"
        return ExportFile(None, CONTENT_TYPES[fmt], filename, PendingPdf(builder, (booklet, _lang())))
    data = (docx_booklet.booklet_docx(booklet) if kind == "amendments"
            else docx_booklet.decisions_docx(booklet))
    return ExportFile(data, CONTENT_TYPES[fmt], filename)
