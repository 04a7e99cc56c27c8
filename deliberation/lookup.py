"""Loading one row by id, or the 404 that services raise when it is not there."""
from flask_babel import lazy_gettext as _l

from deliberation.errors import NotFound
from deliberation.models import Assembly
from extensions import db


def get_or_raise(model, ident: int, message):
    """The row, or NotFound with a (lazily translated) message naming what is missing."""
    row = db.session.get(model, ident)
    if row is None:
        raise NotFound(message)
    return row


def get_assembly(assembly_id: int) -> Assembly:
    """Every area loads its assembly here, so none of them imports the assemblies area for it."""
    return get_or_raise(Assembly, assembly_id,
                        _l("There is no assembly %(assembly_id)s.", assembly_id=assembly_id))
