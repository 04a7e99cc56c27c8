"""The forgotten-password page. It sits on auth's blueprint, beside the sign-in page that links
to it (so its endpoint is auth.forgot_password), but lives with the resets it asks for."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from deliberation.auth.blueprint import bp
from deliberation.auth.forms import ForgotPasswordForm
from deliberation.people.password_reset import RESET_MINUTES, request_reset


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a link to set a new password; the answer never says whether the address is a member's."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(form.email.data)
        flash(_("If %(email)s is on the membership roll, a link to set a new password is on its way. "
                "It works once, for %(minutes)d minutes.", email=form.email.data.strip(),
                minutes=RESET_MINUTES))
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), (400 if form.errors else 200)
