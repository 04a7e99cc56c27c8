"""Checking an uploaded roll file before it is queued, so a wrong file gets a clear message at once
instead of a failed import: empty, a spreadsheet or other binary, not UTF-8, the wrong first line."""
import csv
import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberation.errors import Invalid
from deliberation.people.roll.importer import COLUMNS

#: Zip (xlsx, ods) and OLE (old xls) files start with these bytes.
SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
SEPARATORS = {";": _l("semicolons"), "\t": _l("tabs"), "|": _l("vertical bars")}


def _fail(message: str) -> Invalid:
    return Invalid(message, code="bad_roll_file", field="file")


def check_roll_file(data: bytes) -> int:
    """The number of rows the import will check (non-blank lines after the first; exact unless a
    quoted value spans lines), or Invalid with a message saying what is wrong and how to fix it."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise _fail(_("The file is empty. Choose the CSV file of the membership roll."))
    if data.startswith(SPREADSHEET_MAGIC):
        raise _fail(_("This is a spreadsheet file, not CSV. In your spreadsheet program choose "
                      "“Save as” and the format “CSV UTF-8”, then upload that file."))
    if b"\x00" in data[:65536]:
        raise _fail(_("This is not a CSV file: it holds binary data. Upload a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise _fail(_("The file is not UTF-8 text (the first problem is on line %(line)s). Save it as "
                      "“CSV UTF-8” and upload it again.", line=line)) from None
    first_line = text.partition("\n")[0].rstrip("\r")
    first = next(csv.reader([first_line]), [])
    header = [name.strip().lower() for name in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        if len(header) <= 1:
            for separator, name in SEPARATORS.items():
                if separator in first_line:
                    raise _fail(_("The columns are separated by %(separator)s; separate them with commas.",
                                  separator=str(name)))
        raise _fail(_("The first line must name the columns %(columns)s (it lacks %(missing)s).",
                      columns=",".join(COLUMNS), missing=", ".join(missing)))
    lines = io.StringIO(text)
    next(lines)
    rows = sum(1 for line in lines if not line.isspace())
    if not rows:
        raise _fail(_("The file names the columns but has no members in it."))
    return rows
