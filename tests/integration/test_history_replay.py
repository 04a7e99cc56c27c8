"""Fifty real versions of a charter replayed through the API, some filed against stale bases."""
import collections
import json

import pytest

from amendments.engine import apply_edits, edits_between
from tests.support.history import express, history_dir, load_versions

pytestmark = pytest.mark.skipif(not history_dir().is_dir(),
                                reason="../shared/data is not beside this checkout")

STALENESS = (0, 1, 2, 3, 5)


def test_replay_real_history_through_the_api(api, make_member, record_property):
    """Each real change is filed as an amendment and merged; every merged version equals the real one.

    Every other change is filed against an older version (as a member still reading it would)
    and left to rebase; whenever it is placed, the merged text must still be exactly the real one.
    """
    versions = load_versions()
    chair = make_member("Chair", admin=True)
    as_chair = api(chair)
    made = as_chair.post("/assemblies",
                         {"title": "Charter", "base_text": versions[0], "chairs": [chair.email]})
    assert made.status_code == 201, made.json
    assembly = made.json["id"]
    as_chair.post(f"/assemblies/{assembly}/phase", {"phase": "amendments"})
    ids = [made.json["current_version_id"]]
    counts = collections.Counter()

    def file(base_index: int, text: str, title: str) -> int:
        reply = as_chair.post(f"/assemblies/{assembly}/amendments",
                              {"base_version_id": ids[base_index], "text": text, "title": title})
        assert reply.status_code == 201, reply.json
        return reply.json["id"]

    for k in range(len(versions) - 1):
        d = STALENESS[k % len(STALENESS)] if k else 0
        older = (express(edits_between(versions[k], versions[k + 1]), versions[k], versions[k - d]) if d
                 else None)
        if older is None:
            amendment = file(k, versions[k + 1], f"v{k + 1:03d}")
        else:
            amendment = file(k - d, apply_edits(versions[k - d], older),
                             f"v{k + 1:03d} (filed on v{k - d:03d})")
            status = as_chair.get(f"/amendments/{amendment}").json["rebase"]
            counts[status] += 1
            if status != "clean":
                merged = as_chair.post(f"/assemblies/{assembly}/merge", {"amendment_ids": [amendment]}).json
                assert merged["merged"] == [] and merged["skipped"][0]["reason"] == status
                amendment = file(k, versions[k + 1], f"v{k + 1:03d} (refiled)")
        merged = as_chair.post(f"/assemblies/{assembly}/merge", {"amendment_ids": [amendment]})
        assert merged.status_code == 200 and merged.json["merged"] == [amendment], merged.json
        version = as_chair.get(f"/versions/{merged.json['version_id']}").json
        assert version["text"] == versions[k + 1], f"v{k + 1:03d} differs after merge"
        ids.append(version["id"])

    spans = as_chair.get(f"/versions/{ids[-1]}/provenance").json["spans"]
    assert spans and all(0 <= s["start"] <= s["end"] <= len(versions[-1]) for s in spans)
    print("stale-base rebase through the API:", json.dumps(dict(counts)))
    record_property("stale_base_counts", dict(counts))
    assert counts["clean"] >= 10
