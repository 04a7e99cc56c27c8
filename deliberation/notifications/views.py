"""A notification as the page and the API show it: the sentence in the reader's language, where
opening it leads, and what it is about."""
from flask import url_for

from deliberation.models.timeutil import iso
from deliberation.notifications.models import Notification
from deliberation.notifications.sentences import sentence


def link_of(notification: Notification) -> str:
    """Where it leads: its own link (a comment's place), else its subject's page."""
    if notification.url:
        return notification.url
    if notification.subject_type == "amendment" and notification.subject_id is not None:
        return url_for("amendments.show", amendment_id=notification.subject_id)
    return url_for("notifications.index")


def subject_of(notification: Notification, assembly_title: str | None) -> dict:
    params = notification.params or {}
    subject = {"type": notification.subject_type, "id": notification.subject_id}
    if notification.subject_type == "amendment":
        subject["title"] = params.get("title", "")
    if notification.assembly_id is not None:
        subject |= {"assembly_id": notification.assembly_id, "assembly": assembly_title}
    if notification.kind == "mention":
        subject |= {"target": params.get("target"), "target_id": params.get("target_id"),
                    "excerpt": params.get("excerpt", "")}
    return subject


def present(notification: Notification, actor_name: str | None, assembly_title: str | None) -> dict:
    """{"id", "kind", "text", "url", "subject", "at", "read", "by", "reason"} (times as ISO 8601 UTC)."""
    return {"id": notification.id, "kind": notification.kind,
            "text": sentence(notification.kind, notification.params or {}, actor_name),
            "url": link_of(notification), "subject": subject_of(notification, assembly_title),
            "at": iso(notification.created_at), "read": notification.read_at is not None,
            "by": actor_name, "reason": notification.reason}
