"""How an audit entry reads on the page: its subject as a link where it has a page, its detail as
the JSON that was hashed."""
import json

from flask import url_for

from deliberation.models import AuditEvent

#: Subjects with a page of their own: kind -> (endpoint, its id argument).
PAGES = {"assembly": ("assemblies.show", "assembly_id"), "ballot": ("ballot.show", "ballot_id"),
         "amendment": ("amendments.show", "amendment_id"), "proposal": ("proposals.show", "proposal_id"),
         "petition": ("petitions.show", "petition_id")}


def subject_link(subject: str) -> str | None:
    kind, _sep, ident = subject.partition(":")
    page = PAGES.get(kind)
    if page is None or not ident.isascii() or not ident.isdigit() or int(ident) >= 2**62:
        return None
    endpoint, argument = page
    return url_for(endpoint, **{argument: int(ident)})


def present(event: AuditEvent, actor_name: str | None) -> dict:
    return {"position": event.id, "at": event.at, "actor": actor_name, "actor_id": event.actor_id,
            "action": event.action, "subject": event.subject, "link": subject_link(event.subject),
            "detail": json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else "",
            "hash": event.hash}
