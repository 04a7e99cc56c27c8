"""Sign-in, password and token forms (Flask-WTF adds the CSRF token)."""
from flask import abort
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from deliberation.auth.passwords import MIN_PASSWORD
from deliberation.forms import Form


class LoginForm(Form):
    email = StringField(_l("Email"),
                        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class ForgotPasswordForm(Form):
    email = StringField(_l("Email"),
                        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=1000)])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(), Length(min=MIN_PASSWORD, max=1000)])
    confirm_password = PasswordField(_l("The same new password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))])


class TokenForm(Form):
    label = StringField(_l("What is this token for?"), validators=[Length(max=100)])


class EmptyForm(Form):
    """Just the CSRF token, for buttons that change state."""


def require_csrf() -> None:
    """A button that changes state came with this site's CSRF token, or the request is a 400."""
    if not EmptyForm().validate_on_submit():
        abort(400)
