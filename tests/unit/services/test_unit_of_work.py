"""The unit of work on a bare SQLAlchemy session: commit, roll back, and after-commit callbacks."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from deliberation.unit_of_work import UnitOfWork, after_commit


@pytest.fixture
def session():
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
    with Session(engine) as found:
        yield found
    engine.dispose()


def notes(session) -> list[str]:
    return list(session.scalars(text("SELECT body FROM notes")))


def test_a_clean_exit_commits_then_runs_the_callbacks(session):
    heard = []
    with UnitOfWork(session) as uow:
        uow.session.execute(text("INSERT INTO notes VALUES ('kept')"))
        uow.after_commit(lambda: heard.append(notes(session)))  # may read: the commit has returned
        assert heard == []
    assert heard == [["kept"]]


def test_an_error_rolls_back_and_drops_the_callbacks(session):
    heard = []
    with pytest.raises(ValueError), UnitOfWork(session) as uow:
        uow.session.execute(text("INSERT INTO notes VALUES ('lost')"))
        after_commit(lambda: heard.append("sent"), session)
        raise ValueError
    with UnitOfWork(session):
        pass
    assert notes(session) == [] and heard == []


def test_a_commit_outside_a_unit_of_work_still_runs_them(session):
    heard = []
    after_commit(lambda: heard.append("sent"), session)
    session.execute(text("INSERT INTO notes VALUES ('x')"))
    session.commit()
    assert heard == ["sent"]
