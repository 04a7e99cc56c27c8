"""The words the documents print, in the reader's language (the builders know no gettext).

``{name}`` placeholders are filled by the builders; translators keep them as they are.
"""
from flask_babel import gettext as _


def document_words() -> dict[str, str]:
    return {
        "page_of": _("Page {page} of {pages}"),
        "legend": _("Key: inserted words are underlined and follow a “+”; deleted words are struck through "
                    "and follow a “−”. The number after the mark is the amendment that made the change "
                    "(P3: proposal 3); a mark with no number is a change no amendment accounts for. "
                    "¶ marks a line break added or removed."),
        "booklet_legend": _("Key: each amendment is shown on the numbered lines of the version it was "
                            "written on. Inserted words are underlined and follow a “+”; deleted words are "
                            "struck through and follow a “−”; ⋯ stands for unchanged lines left out."),
        "entry": _("{number}. Amendment {id}: {title}"),
        "amendment_no": _("Amendment {id}"),
        "lines": _("Lines"),
        "line_range": _("{range} of version {version}"),
        "sponsor": _("Sponsor"),
        "supporters": _("Supporters"),
        "and_more": _("and {n} more"),
        "status": _("Status"),
        "rationale": _("Rationale"),
        "no_rationale": _("No rationale was given."),
        "amendment": _("Amendment"),
        "outcome": _("Outcome"),
        "reason": _("What happened, and why"),
        "empty": _("No amendments have been filed."),
    }
