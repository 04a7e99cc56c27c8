"""The discussion's forms (Flask-WTF, so each carries the CSRF token). The pages render their
fields by hand, as there are many of each on a page and every one needs its own ids."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from deliberation.discussion.comments import MAX_BODY
from deliberation.discussion.moderation import MAX_REASON
from deliberation.forms import Form

#: Longer text is refused by the service with a clear message; this only bounds what is read.
_BOUND = {"max": MAX_BODY * 2}


class CommentForm(Form):
    target = HiddenField()
    target_id = IntegerField(validators=[NumberRange(min=1, max=2**62)])
    line_from = IntegerField(_l("From line"), validators=[Optional(), NumberRange(min=1, max=2**62)])
    line_to = IntegerField(_l("To line"), validators=[Optional(), NumberRange(min=1, max=2**62)])
    reply_to = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**62)])
    body = TextAreaField(_l("Your comment"))
    next = HiddenField()


class EditForm(Form):
    body = TextAreaField(_l("Your comment"))
    next = HiddenField()


class ReasonForm(Form):
    """Hiding (a reason is required) and reporting (optional)."""

    reason = StringField(_l("Reason"))
    next = HiddenField()


class PlainForm(Form):
    """A button that changes state, with where to go back to."""

    next = HiddenField()


LIMITS = {"body": MAX_BODY, "reason": MAX_REASON}
