"""Loading one row by id, or the 404 that services raise when it is not there."""
from deliberation.errors import NotFound
from extensions import db


def get_or_raise(model, ident: int, message):
    """The row, or NotFound with a (lazily translated) message naming what is missing."""
    row = db.session.get(model, ident)
    if row is None:
        raise NotFound(message)
    return row
