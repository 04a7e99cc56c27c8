"""What each kind of notification says, built when it is shown so that it reads in the reader's
language: the rows keep the kind and the parameters, never an English sentence.

Each sentence is whole (no pieces glued together), so a translation can order and mutate words
as its language needs; the recipient's part in it picks the sentence (their own amendment, or
one filed for a group they organise)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from deliberation.web.ui import status_name

#: The amendment statuses a notification names by its own kind; any other status is "amendment_status".
STATUS_KINDS = ("admitted", "rejected", "obsolete", "withdrawn", "merged", "merged_modified")
#: An undo moves a merged amendment back to admitted: that has a sentence of its own.
MERGE_UNDONE = "amendment_merge_undone"
PLACEMENT_KINDS = {"review": "amendment_review", "conflict": "amendment_conflict"}
MENTION = "mention"

#: (kind, the recipient's part) -> the sentence; %(number)s is the amendment's id.
_AMENDMENT = {
    ("amendment_admitted", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was admitted."),
    ("amendment_admitted", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, was "
                                            "admitted."),
    ("amendment_rejected", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was rejected."),
    ("amendment_rejected", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, was "
                                            "rejected."),
    ("amendment_obsolete", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was marked obsolete."),
    ("amendment_obsolete", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, was "
                                            "marked obsolete."),
    ("amendment_withdrawn", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was withdrawn."),
    ("amendment_withdrawn", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, was "
                                             "withdrawn."),
    ("amendment_merged", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was merged into the draft."),
    ("amendment_merged", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, was "
                                          "merged into the draft."),
    ("amendment_merged_modified", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, was merged into "
                                                 "the draft with its wording changed."),
    ("amendment_merged_modified", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, "
                                                   "was merged into the draft with its wording changed."),
    (MERGE_UNDONE, "sponsor"): _l("The merge of your amendment %(number)s, “%(title)s”, was undone: it is "
                                  "admitted again."),
    (MERGE_UNDONE, "organiser"): _l("The merge of amendment %(number)s, “%(title)s”, filed for your group, "
                                    "was undone: it is admitted again."),
    ("amendment_review", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, needs review: the draft has "
                                        "changed around the words it amends."),
    ("amendment_review", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, needs "
                                          "review: the draft has changed around the words it amends."),
    ("amendment_conflict", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, no longer applies: the "
                                          "words it changes are gone from the draft."),
    ("amendment_conflict", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, no "
                                            "longer applies: the words it changes are gone from the draft."),
    ("amendment_status", "sponsor"): _l("Your amendment %(number)s, “%(title)s”, is now %(status)s."),
    ("amendment_status", "organiser"): _l("Amendment %(number)s, “%(title)s”, filed for your group, is now "
                                          "%(status)s."),
}

_MENTION = {
    "amendment": _l("%(name)s mentioned you in a comment on amendment %(number)s."),
    "proposal": _l("%(name)s mentioned you in a comment on a proposal."),
    "version": _l("%(name)s mentioned you in a comment on the text."),
}

#: Every kind a row may have.
KINDS = tuple(sorted({kind for kind, _part in _AMENDMENT} | {MENTION}))


def status_kind(status: str, previous: str | None) -> str:
    """The kind of notification an amendment's move from `previous` to `status` makes."""
    if status == "admitted" and previous in ("merged", "merged_modified"):
        return MERGE_UNDONE
    return f"amendment_{status}" if status in STATUS_KINDS else "amendment_status"


def sentence(kind: str, params: dict, actor: str | None = None) -> str:
    """The notification as one sentence in the current locale; `actor` is who acted, by name."""
    if kind == MENTION:
        template = _MENTION.get(params.get("target"), _l("%(name)s mentioned you in a comment."))
        return str(template) % {"name": actor or _("A member"), "number": params.get("target_id", "")}
    part = "organiser" if params.get("as") == "organiser" else "sponsor"
    template = _AMENDMENT.get((kind, part))
    if template is None:  # a kind this version does not know (a newer one, rolled back)
        return _("Something happened that concerns you.")
    return str(template) % {"number": params.get("amendment_id", ""), "title": params.get("title", ""),
                            "status": status_name(params.get("status", ""))}
