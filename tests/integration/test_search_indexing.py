"""Indexing after commit: what a committed change adds is found, a rolled-back one never is, a
failed index write loses nothing and is repaired later, and a rebuild gives the same answers."""
import shutil
from pathlib import Path

import pytest
from search_world import hits, outbox_count, world  # noqa: F401  (fixture)

from deliberation.unit_of_work import UnitOfWork
from extensions import db


def test_a_committed_change_is_found_and_the_outbox_is_empty_after(app, api, world):
    assert ("amendment", world["amendment"].id) in hits(api, world["writer"], "twice")
    # the proposal is their group's draft
    assert sorted(k for k, _ in hits(api, world["writer"], "quorum")) == ["clause", "proposal"]
    assert outbox_count() == 0


def test_a_rolled_back_change_is_neither_queued_nor_found(app, api, world, constitution):
    from amendments.services.filing import file_amendment
    with pytest.raises(RuntimeError), UnitOfWork():
        file_amendment(world["writer"], world["assembly"], world["assembly"].current_version_id,
                       constitution.replace("once a year", "every Tuesday"), "Weekly meetings")
        raise RuntimeError("the caller fails after the service flushed")
    assert outbox_count() == 0
    assert hits(api, world["writer"], "tuesday") == []


def test_a_status_change_reaches_the_index(app, api, world):
    from amendments.services.statuses import decide
    with UnitOfWork():
        decide(world["chair"], world["amendment"], "rejected", "Too often.")
    assert hits(api, world["writer"], "twice", status="rejected") == [("amendment", world["amendment"].id)]
    assert hits(api, world["writer"], "twice", status="open") == []


def test_a_failed_index_write_keeps_the_change_and_is_repaired(app, api, world, runner, constitution):
    """Another process holds Whoosh's write lock past the timeout: the amendment is stored, the
    outbox keeps it, check reports it missing, and the next drain indexes it."""
    from amendments.models import Amendment
    from amendments.services.filing import file_amendment
    indexer = app.extensions["search"]
    app.config["SEARCH_LOCK_TIMEOUT"] = indexer.lock_timeout = 0.2
    other_process = indexer.index.writer(0)
    try:
        with UnitOfWork():
            amendment, _ops = file_amendment(world["writer"], world["assembly"],
                                             world["assembly"].current_version_id,
                                             constitution.replace("one hundred", "two hundred"),
                                             "A larger quorum")
    finally:
        other_process.cancel()
    assert db.session.get(Amendment, amendment.id).title == "A larger quorum"
    assert outbox_count() == 1
    assert ("amendment", amendment.id) not in hits(api, world["writer"], "larger")
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"missing amendment:{amendment.id}" in result.output and "pending 1" in result.output
    assert runner.invoke(args=["search", "drain"]).exit_code == 0
    assert hits(api, world["writer"], "larger") == [("amendment", amendment.id)]
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_an_index_folder_that_cannot_be_written_loses_nothing(app, api, world, runner, constitution):
    from amendments.services.filing import file_amendment
    folder = Path(app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(folder)
    folder.write_text("not a folder")  # the disk under the index is broken
    with UnitOfWork():
        amendment, _ops = file_amendment(world["writer"], world["assembly"],
                                         world["assembly"].current_version_id,
                                         constitution.replace("one hundred", "ninety"), "Ninety delegates")
    assert amendment.id is not None and outbox_count() == 1
    folder.unlink()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert outbox_count() == 0
    assert hits(api, world["writer"], "ninety") == [("amendment", amendment.id)]


QUERIES = ["quorum", '"twice a year"', "assembl* OR delegates", "meet NOT twice", "title:twice",
           "organisation", "kind:clause delegates"]


def test_rebuild_after_deleting_the_index_folder_gives_identical_results(app, api, world, runner):
    who = [world[name] for name in ("writer", "outsider", "admin")]
    before = {(q, m.id): hits(api, m, q) for q in QUERIES for m in who}
    assert any(before.values())
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    assert all(hits(api, m, q) == [] for q in QUERIES for m in who)  # an empty index answers, with nothing
    assert runner.invoke(args=["search", "check"]).exit_code == 1
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0 and "Indexed" in result.output, result.output
    assert {(q, m.id): hits(api, m, q) for q in QUERIES for m in who} == before
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_check_finds_a_change_made_behind_the_orms_back_and_repairs_it(app, api, world, runner):
    from amendments.models import Amendment
    db.session.execute(db.update(Amendment).where(Amendment.id == world["amendment"].id)
                       .values(title="Quarterly"))
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"stale amendment:{world['amendment'].id}" in result.output
    assert runner.invoke(args=["search", "check", "--repair"]).exit_code == 1
    assert hits(api, world["writer"], "quarterly") == [("amendment", world["amendment"].id)]
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_background_indexing_answers_after_the_request_without_waiting_for_it(app, api, world, constitution):
    from amendments.services.filing import file_amendment
    indexer = app.extensions["search"]
    indexer.mode = "background"
    with UnitOfWork():
        amendment, _ops = file_amendment(world["writer"], world["assembly"],
                                         world["assembly"].current_version_id,
                                         constitution.replace("policy", "programme"), "Programme")
    assert indexer.settled.wait(30)
    assert outbox_count() == 0
    assert hits(api, world["writer"], "programme") == [("amendment", amendment.id)]


def test_rebuild_shows_progress_and_counts_documents(app, world, runner):
    """Ten clauses of the one version, the amendment and the draft proposal."""
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0
    assert "Indexing" in result.output and "Indexed" in result.output
    assert "Indexed 12 documents from 3 sources" in result.output


def test_a_replaced_document_is_found_once_and_check_would_see_a_copy(app, api, world, runner):
    """Each drain replaces a source's documents; a searcher opened before sees the new ones only."""
    from amendments.models import Amendment
    from deliberation.search.documents import fields
    from deliberation.search.kinds import kinds
    for title in ("First title", "Second title", "Third title"):
        db.session.get(Amendment, world["amendment"].id).title = title
        db.session.commit()
        assert hits(api, world["writer"], "title:title") == [("amendment", world["amendment"].id)]
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    indexer = app.extensions["search"]
    kind = kinds()["amendment"]
    doc = kind.documents([world["amendment"].id])[world["amendment"].id][0]
    writer = indexer.index.writer(1)
    writer.add_document(**fields(doc, "copy"))  # a copy left behind, as a broken drain might
    writer.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1 and f"stale amendment:{world['amendment'].id}" in result.output


def test_a_servers_first_request_indexes_what_a_stopped_process_left_queued(app, api, world, constitution):
    """A process committed a change and stopped before indexing it (a command's indexing thread
    ends with it; or a crash): the outbox keeps it, and a server's first request indexes it."""
    from amendments.services.filing import file_amendment
    indexer = app.extensions["search"]
    indexer.mode = "off"  # the process that stopped: it committed and did not index
    with UnitOfWork():
        amendment, _ops = file_amendment(world["writer"], world["assembly"],
                                         world["assembly"].current_version_id,
                                         constitution.replace("policy", "programme"), "Programme")
    assert outbox_count() == 1
    indexer.mode, indexer._caught_up = "background", False  # a server process, just started
    assert api(world["outsider"]).get("/search", query_string={"q": "quorum"}).status_code == 200
    assert indexer.settled.wait(30)
    assert outbox_count() == 0
    assert hits(api, world["writer"], "programme") == [("amendment", amendment.id)]
