"""The sentence a notification shows is built from its kind and parameters when it is read; the
links it may follow stay on the site. Plain values, no app and no database."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliberation.notifications.sentences import KINDS, MENTION, sentence, status_kind
from deliberation.notifications.services import local_path

AMENDMENT_KINDS = [k for k in KINDS if k.startswith("amendment_")]


@pytest.mark.parametrize("status, previous, kind", [
    ("admitted", "open", "amendment_admitted"), ("admitted", "rejected", "amendment_admitted"),
    ("admitted", "merged", "amendment_merge_undone"),
    ("admitted", "merged_modified", "amendment_merge_undone"),
    ("rejected", "admitted", "amendment_rejected"), ("obsolete", "open", "amendment_obsolete"),
    ("withdrawn", "open", "amendment_withdrawn"), ("merged", "admitted", "amendment_merged"),
    ("merged_modified", "admitted", "amendment_merged_modified"), ("open", "admitted", "amendment_status"),
    ("something_new", None, "amendment_status")])
def test_each_status_move_has_its_kind(status, previous, kind):
    assert status_kind(status, previous) == kind
    assert kind in KINDS


@pytest.mark.parametrize("kind", AMENDMENT_KINDS)
def test_every_amendment_kind_names_the_amendment_and_addresses_the_recipient_by_their_part(kind):
    params = {"amendment_id": 42, "title": "Quorum", "status": "open"}
    own = sentence(kind, params | {"as": "sponsor"})
    for_group = sentence(kind, params | {"as": "organiser"})
    for text in (own, for_group):
        assert "42" in text and "“Quorum”" in text
    assert "your amendment" in own.lower() and "filed for your group" not in own
    assert "filed for your group" in for_group and "your amendment" not in for_group.lower()
    assert sentence(kind, params) == own  # no part given: the sponsor's sentence


def test_the_kinds_say_different_things():
    params = {"amendment_id": 1, "title": "T", "status": "open", "as": "sponsor"}
    texts = [sentence(kind, params) for kind in AMENDMENT_KINDS]
    assert len(set(texts)) == len(texts)
    assert sentence("amendment_status", params) == "Your amendment 1, “T”, is now gathering support."


def test_a_mention_names_its_author_and_where():
    assert sentence(MENTION, {"target": "amendment", "target_id": 7}, "Ann Lee") == (
        "Ann Lee mentioned you in a comment on amendment 7.")
    assert sentence(MENTION, {"target": "proposal", "target_id": 3}, "Ann Lee") == (
        "Ann Lee mentioned you in a comment on a proposal.")
    assert sentence(MENTION, {"target": "elsewhere"}, None) == "A member mentioned you in a comment."


def test_unknown_kinds_and_missing_parameters_still_read():
    assert sentence("a_kind_from_a_newer_release", {}) == "Something happened that concerns you."
    assert sentence("amendment_rejected", {}) == "Your amendment , “”, was rejected."


@given(st.text(max_size=300))
def test_titles_are_shown_exactly_whatever_they_hold(title):
    """A title with % signs or format fields is a value, never part of the template."""
    assert f"“{title}”" in sentence("amendment_rejected", {"amendment_id": 5, "title": title})


@pytest.mark.parametrize("url, kept", [
    ("/amendments/5#comment-7", True), ("/proposals/2?tab=comments", True), ("/", True),
    ("https://evil.example/", False), ("//evil.example/x", False), ("/\\evil.example", False),
    ("javascript:alert(1)", False), ("", False), (None, False), (5, False), ("/a b", False),
    ("/a\nb", False), ("/" + "x" * 500, False), ("/\x00", False)])
def test_only_paths_on_this_site_are_kept(url, kept):
    assert local_path(url) == (url if kept else None)
