"""The notifications page: a member's own notifications, newest first; opening one marks it read
and goes where it points; "mark all as read"."""
import math

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from deliberation.auth.forms import EmptyForm, require_csrf
from deliberation.notifications.blueprint import bp
from deliberation.notifications.services import (
    mark_all_read,
    notifications_page,
    open_notification,
    unread_count,
)
from deliberation.notifications.views import link_of, present

PER_PAGE = 25


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(10**9, int(raw or 1)))
    except ValueError:
        return 1


@bp.get("/notifications")
@login_required
def index():
    """The list, a page at a time; `?show=unread` keeps to the unread ones."""
    unread_only = request.args.get("show") == "unread"
    page = _page_number(request.args.get("page"))
    rows, total = notifications_page(current_user.id, page, PER_PAGE, unread_only)
    pages = max(1, math.ceil(total / PER_PAGE))
    if page > pages:
        page = pages
        rows, total = notifications_page(current_user.id, page, PER_PAGE, unread_only)
    items = [present(n, actor, assembly) | {"when": n.created_at} for n, actor, assembly in rows]
    return render_template("notifications/index.html", items=items, total=total, page=page, pages=pages,
                           unread_only=unread_only, unread=unread_count(current_user.id), form=EmptyForm())


@bp.get("/notifications/<int:notification_id>")
@login_required
def open_one(notification_id: int):
    """Mark it read and follow it. A GET, so it stays a link (new tab, keyboard, copy); marking
    one's own notification read twice changes nothing, and only the member's own can be opened."""
    return redirect(link_of(open_notification(current_user.id, notification_id)))


@bp.post("/notifications/read")
@login_required
def read_all():
    require_csrf()
    marked = mark_all_read(current_user.id)
    flash(ngettext("%(num)d notification marked as read.", "%(num)d notifications marked as read.", marked)
          if marked else _("Nothing was unread."))
    return redirect(url_for("notifications.index"))
