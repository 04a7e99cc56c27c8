"""Merging through a fake unit of work: no database, no app."""
import pytest

from amendments.engine import edits_between
from amendments.models import Amendment, Version
from amendments.services.merging import merge
from deliberation.errors import Conflict
from deliberation.models import Assembly, Member
from tests.unit.services.fakes import FakeUnitOfWork

TEXT = "Members meet once a year.\nThe quorum is one hundred members."


def amendment(ident: int, new_text: str, status: str = "admitted") -> Amendment:
    edits = [[e.start, e.end, e.text] for e in edits_between(TEXT, new_text)]
    return Amendment(id=ident, assembly_id=7, base_version_id=1, title=f"A{ident}", status=status,
                     edits=edits, proposal_id=None)


def world(*amendments, moved_elsewhere: bool = False):
    uow = FakeUnitOfWork(versions=[Version(id=1, assembly_id=7, text=TEXT, provenance=[])],
                         amendments=amendments,
                         assemblies=[Assembly(id=7, phase="compositing", current_version_id=1)])
    uow.assemblies.moved_elsewhere = moved_elsewhere
    return uow, uow.assemblies.get(7), Member(id=3, name="Chair")


def test_clean_amendments_merge_into_a_new_current_version_with_a_merge_record():
    uow, assembly, chair = world(amendment(1, TEXT.replace("once", "twice")),
                                 amendment(2, TEXT.replace("one hundred", "fifty")))
    result = merge(chair, assembly, [1, 2], uow=uow)
    assert result == {"version_id": 2, "merged": [1, 2], "skipped": [], "merge_id": 1}
    draft = uow.versions.get(2)
    assert draft.text == "Members meet twice a year.\nThe quorum is fifty members." and draft.parent_id == 1
    assert assembly.current_version_id == 2
    assert [a.status for a in uow.amendments.rows.values()] == ["merged", "merged"]
    assert [m.merged for m in uow.merges.rows.values()] == [[1, 2]]
    assert uow.actions() == ["amendment.merged", "amendment.merged", "assembly.merge"] and not uow.committed
    assert [(e.amendment_id, e.status, e.previous, e.merge_id) for e in uow.events.rows.values()] == [
        (1, "merged", "admitted", 1), (2, "merged", "admitted", 1)]
    assert uow.merges.get(1).outcomes == [{"id": 1, "outcome": "merged"}, {"id": 2, "outcome": "merged"}]


def test_colliding_and_unadmitted_amendments_are_skipped_not_applied():
    uow, assembly, chair = world(amendment(1, TEXT.replace("once", "twice")),
                                 amendment(2, TEXT.replace("once", "thrice")),
                                 amendment(3, TEXT.replace("fifty", "ten"), status="open"))
    result = merge(chair, assembly, [1, 2, 3], uow=uow)
    assert result["merged"] == [] and result["version_id"] == 1
    assert {s["id"]: s["reason"] for s in result["skipped"]}[3] == "not_admitted"
    assert assembly.current_version_id == 1 and len(uow.versions.rows) == 1


def test_a_stale_draft_is_a_conflict():
    uow, assembly, chair = world(amendment(1, TEXT.replace("once", "twice")))
    with pytest.raises(Conflict):
        merge(chair, assembly, [1], expected_version_id=5, uow=uow)
    uow, assembly, chair = world(amendment(1, TEXT.replace("once", "twice")), moved_elsewhere=True)
    with pytest.raises(Conflict):  # another chair moved the draft between our read and our write
        merge(chair, assembly, [1], uow=uow)


def test_a_resolution_in_another_wording_merges_as_modified_and_undo_restores_the_text():
    from amendments.services.undo import undo
    uow, assembly, _chair = world(amendment(1, TEXT.replace("one hundred", "fifty")),
                                  amendment(2, TEXT.replace("one hundred", "ninety")))
    admin = Member(id=9, name="Admin", is_admin=True)
    result = merge(admin, assembly, [1, 2], [{"amendment_ids": [1, 2], "text": "fifty"}], uow=uow)
    assert result["merged"] == [1, 2]
    assert [a.status for a in uow.amendments.rows.values()] == ["merged", "merged_modified"]
    assert uow.versions.get(2).text == TEXT.replace("one hundred", "fifty")

    undone = undo(admin, assembly, uow=uow)
    assert undone == {"version_id": 3, "undone_merge_id": 1, "restored": [1, 2], "merge_id": 2}
    restored = uow.versions.get(3)
    assert restored.text == TEXT and restored.kind == "undo" and restored.parent_id == 1
    assert assembly.current_version_id == 3
    assert [a.status for a in uow.amendments.rows.values()] == ["admitted", "admitted"]
    assert sorted(p.version_id for p in uow.placements.rows.values()) == [3, 3]
    assert uow.merges.get(2).kind == "undo" and uow.merges.get(2).undoes_id == 1
    with pytest.raises(Conflict):
        undo(admin, assembly, uow=uow)  # nothing standing is left to undo
