"""The form every web form derives from: Flask-WTF's, refusing text that cannot be stored."""
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from deliberation.errors import Invalid
from deliberation.text_input import storable

UNSTORABLE_MESSAGE = _l("This contains a character that cannot be stored (a NUL or other control "
                        "character, or a broken one); remove it and try again.")


class Form(FlaskForm):
    """Unstorable text in a field the form declares is an inline error beside that field; in
    any other field of the submitted form (the plain forms that read `request.form` behind
    an EmptyForm) it is a 400 naming the field, before the view stores anything."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        declared = set()
        for field in self:
            declared.add(field.name)
            if any(isinstance(raw, str) and not storable(raw) for raw in field.raw_data or ()):
                field.errors = [*field.errors, str(UNSTORABLE_MESSAGE)]
                valid = False
        for name, value in request.form.items(multi=True):
            if name not in declared and not (storable(name) and storable(value)):
                raise Invalid(_("'%(name)s' contains a character that cannot be stored (a NUL or other "
                                "control character, or a broken one).", name=name if storable(name) else "?"),
                              code="invalid_text", field=name if storable(name) else None)
        return valid
