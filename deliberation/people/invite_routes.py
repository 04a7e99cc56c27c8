"""The page a new member reaches from their invitation: set a password, then sign in."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from deliberation.auth import sessions
from deliberation.errors import ServiceError
from deliberation.forms import Form
from deliberation.people.blueprint import invites as bp
from deliberation.people.invitations import (
    MIN_PASSWORD,
    accept_invitation,
    find_invitation,
)


class SetPasswordForm(Form):
    password = PasswordField(_l("New password"),
                             validators=[DataRequired(), Length(min=MIN_PASSWORD, max=1000)])
    confirm = PasswordField(_l("The same password again"),
                            validators=[DataRequired(),
                                        EqualTo("password", message=_l("The passwords differ."))])


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Show the set-password form for a valid invitation; on success sign the member in."""
    try:
        find_invitation(token)
    except ServiceError as err:
        return render_template("invites/invalid.html", message=err.message), err.status
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            member = accept_invitation(token, form.password.data)
        except ServiceError as err:
            form.password.errors.append(err.message)
        else:
            sessions.begin(member)
            flash(_("Your password is set and you are signed in."))
            return redirect(url_for("web.home"))
    return render_template("invites/accept.html", form=form), (400 if form.errors else 200)
