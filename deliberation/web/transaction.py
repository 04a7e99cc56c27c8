"""The request's one commit (as Indico's RH.process does): a page or API answer below 400
commits what the request added, anything else rolls it back. Services never commit."""
from flask import Flask

from deliberation.auth import sessions
from deliberation.unit_of_work import UnitOfWork


def install(app: Flask) -> None:
    @app.before_request
    def begin_transaction() -> None:
        # A request's answer decides only what the request itself wrote. Each request has a session
        # of its own, so this ends nothing; but where the caller's work shares the session (a test,
        # a command driving the test client), that work is its caller's and is stored first.
        uow = UnitOfWork()
        if uow.session.in_transaction():
            uow.commit()

    @app.after_request
    def end_transaction(response):
        uow = UnitOfWork()
        if response.status_code >= 400:
            uow.rollback()  # a refused request stores nothing, not even half its work
        if response.status_code < 500:
            sessions.mark_seen()  # when this sign-in was last used is kept even on a 4xx
            uow.commit()
        return response

    @app.teardown_request
    def roll_back_on_error(exc) -> None:
        if exc is not None:
            UnitOfWork().rollback()


def discard() -> None:
    """Drop what a refused action wrote so far, now: for a view that answers with the form again
    (which must not show half-done work) or with a redirect (which the hook would commit)."""
    UnitOfWork().rollback()
