"""The header's count of unread notifications: one indexed count per page, capped (BADGE_CAP)."""
from flask_login import current_user

from deliberation.notifications.services import BADGE_CAP, unread_count


def unread_badge() -> int:
    """Unread notifications of the signed-in member, at most BADGE_CAP (0 when signed out).
    base.html calls it once per page."""
    if not current_user.is_authenticated:
        return 0
    return unread_count(current_user.id, cap=BADGE_CAP)
