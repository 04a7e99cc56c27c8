"""The amendment form: the edited text plus title, rationale and the group filed for."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from deliberation.forms import Form


def _group_id(value):
    """'' means filing as an individual member."""
    return int(value) if value not in (None, "", "None") else None


class AmendForm(Form):
    text = TextAreaField(_l("The text, with your changes"), validators=[Length(max=1_000_000)])
    title = StringField(_l("Title of your amendment"), validators=[Length(max=300)])
    rationale = TextAreaField(_l("Why? (optional)"), validators=[Length(max=20000)])
    group_id = SelectField(_l("File for"), coerce=_group_id, validate_choice=False)

    def show_error(self, field: str | None, message: str) -> None:
        """Put a service error beside the field it is about (or on the text)."""
        target = getattr(self, field, None) if field else None
        if target is None or not hasattr(target, "errors"):
            target = self.text
        if isinstance(target.errors, tuple):
            target.errors = list(target.errors)
        target.errors.append(message)


class DecisionForm(Form):
    """A chair's decision on an amendment, always with a reason the sponsor will read."""
    status = SelectField(_l("Decision"), choices=[
        SelectChoice("admitted", _l("Admit it for merging")), SelectChoice("rejected", _l("Reject it")),
        SelectChoice("obsolete", _l("Mark it obsolete (its text no longer exists)"))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])


class WithdrawForm(Form):
    reason = TextAreaField(_l("Why are you withdrawing it? (optional)"), validators=[Length(max=2000)])
