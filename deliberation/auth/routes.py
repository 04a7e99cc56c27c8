"""Sign in, sign out, and the account page: password, where you are signed in, API tokens.

The forgotten-password page is on this blueprint too, but in people/reset_routes.py."""
import math
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from deliberation.auth import sessions
from deliberation.auth.blueprint import bp
from deliberation.auth.devices import device_label
from deliberation.auth.forms import ChangePasswordForm, EmptyForm, LoginForm, TokenForm, require_csrf
from deliberation.auth.passwords import hash_password
from deliberation.auth.throttle import check_password
from deliberation.models import ApiToken, Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from extensions import db


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so ?next= cannot send people elsewhere."""
    if not target:
        return url_for("web.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("web.home")
    return target


def _too_many(wait: int) -> str:
    return ngettext("Too many failed attempts to sign in with this email. Try again in %(num)d minute.",
                    "Too many failed attempts to sign in with this email. Try again in %(num)d minutes.",
                    math.ceil(wait / 60))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        member = db.session.scalar(db.select(Member).where(Member.email == email))
        # Checked even for an unknown email (against nothing), so timing does not tell who is a member.
        right, wait = check_password(email, member.password_hash if member else None, form.password.data)
        if wait:
            form.password.errors.append(_too_many(wait))
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
        if right and member:
            sessions.begin(member)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("That email and password do not match."))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    require_csrf()
    sessions.end_current("signed_out")
    flash(_("You are signed out."))
    return redirect(url_for("web.home"))


def _account_page(form=None, password_form=None, new_token=None, status=200, headers=None):
    tokens = db.session.scalars(
        db.select(ApiToken).where(ApiToken.member_id == current_user.id).order_by(ApiToken.id.desc())).all()
    return render_template("auth/account.html", form=form or TokenForm(), tokens=tokens, new_token=new_token,
                           revoke_form=EmptyForm(), password_form=password_form or ChangePasswordForm(),
                           sign_ins=sessions.active(current_user), this_sign_in=sessions.current(),
                           ), status, headers or {}


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        _row, new_token = ApiToken.issue(current_user, form.label.data or "")
        record("token.create", f"member:{current_user.id}", current_user.id)
    return _account_page(form=form, new_token=new_token)


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """A new password, given the current one (failures count against sign-in's limit); every
    other sign-in of this member ends."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _account_page(password_form=form, status=400)
    right, wait = check_password(current_user.email, current_user.password_hash, form.current_password.data)
    if wait:
        form.current_password.errors.append(_too_many(wait))
        return _account_page(password_form=form, status=429, headers={"Retry-After": str(wait)})
    if not right:
        form.current_password.errors.append(_("That is not your current password."))
        return _account_page(password_form=form, status=400)
    member = current_user._get_current_object()
    member.password_hash = hash_password(form.new_password.data)
    record("password.change", f"member:{member.id}", member.id)
    sessions.end_others(member, "password_changed")
    flash(_("Your password is changed. Anywhere else you were signed in, you are now signed out."))
    return redirect(url_for("auth.account"))


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    require_csrf()
    row = db.session.get(ApiToken, token_id)
    if row is None or row.member_id != current_user.id:
        abort(404)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record("token.revoke", f"member:{current_user.id}", current_user.id, token_id=token_id)
    flash(_("Token revoked."))
    return redirect(url_for("auth.account"))


@bp.route("/account/sign-ins/<int:sign_in_id>/end", methods=["POST"])
@login_required
def end_sign_in(sign_in_id: int):
    """Sign out one other browser from the account page's list."""
    require_csrf()
    if not sessions.end_one(current_user, sign_in_id):
        abort(404)
    flash(_("That browser is signed out."))
    return redirect(url_for("auth.account") + "#sign-ins")


@bp.route("/account/sign-ins/end-others", methods=["POST"])
@login_required
def end_other_sign_ins():
    """Sign out everywhere else: every sign-in of this member but this browser's ends."""
    require_csrf()
    count = sessions.end_others(current_user, "signed_out_elsewhere")
    flash(ngettext("You are signed out of %(num)d other browser.",
                   "You are signed out of %(num)d other browsers.", count) if count
          else _("You were not signed in anywhere else."))
    return redirect(url_for("auth.account") + "#sign-ins")


bp.add_app_template_filter(device_label, "device")
