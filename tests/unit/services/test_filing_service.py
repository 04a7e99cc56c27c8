"""Filing an amendment through a fake unit of work: no database, no app."""
import pytest

from amendments.models import Version
from amendments.services.filing import file_amendment
from deliberation.errors import Conflict, Invalid
from deliberation.models import Assembly, Member
from tests.unit.services.fakes import FakeUnitOfWork

TEXT = "Members meet once a year.\nThe quorum is one hundred members."


def world(phase: str = "amendments", threshold: int = 0):
    version = Version(id=1, assembly_id=7, text=TEXT, provenance=[])
    assembly = Assembly(id=7, phase=phase, support_threshold=threshold, current_version_id=1)
    member = Member(id=3, name="Ada", email="ada@example.org", is_admin=False)
    return FakeUnitOfWork(versions=[version], assemblies=[assembly]), assembly, member


def test_filing_records_the_ranges_against_the_base_version_and_audits_it():
    uow, assembly, ada = world()
    amendment, shown = file_amendment(ada, assembly, 1, TEXT.replace("once", "twice"), "Twice", "More often",
                                      width=80, uow=uow)
    assert uow.amendments.get(amendment.id) is amendment
    start = TEXT.index("once")
    assert (amendment.edits == [[start, start + 4, "twice"]]
            and (amendment.line_from, amendment.line_to) == (1, 1))
    assert amendment.status == "admitted"  # no threshold
    assert uow.actions() == ["amendment.file"] and not uow.committed  # the caller's hook commits
    assert shown["text"] == TEXT.replace("once", "twice")


def test_an_amendment_waits_for_supporters_when_there_is_a_threshold():
    uow, assembly, ada = world(threshold=5)
    amendment, _shown = file_amendment(ada, assembly, 1, TEXT.replace("one hundred", "fifty"), "Quorum",
                                       width=80, uow=uow)
    assert amendment.status == "open" and (amendment.line_from, amendment.line_to) == (2, 2)


@pytest.mark.parametrize("phase, base, text, error", [
    ("ballot", 1, TEXT.replace("once", "twice"), Conflict),
    ("amendments", 99, TEXT.replace("once", "twice"), Invalid),
    ("amendments", 1, TEXT, Invalid),
])
def test_refused_filings_add_nothing(phase, base, text, error):
    uow, assembly, ada = world(phase)
    with pytest.raises(error):
        file_amendment(ada, assembly, base, text, "Title", width=80, uow=uow)
    assert uow.amendments.rows == {} and uow.audit.rows == {}
