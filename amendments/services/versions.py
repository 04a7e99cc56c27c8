"""Appending versions and walking their history."""
from flask_babel import lazy_gettext as _l

from amendments.engine import LineIndex, Span, text_sha256
from amendments.models import Version
from deliberation.lookup import get_or_raise
from extensions import db


def new_version(assembly_id: int, parent_id: int | None, kind: str, text: str,
                provenance: list, created_by: int | None) -> Version:
    """A new immutable version, not yet added to any transaction."""
    return Version(assembly_id=assembly_id, parent_id=parent_id, kind=kind, text=text,
                   sha256=text_sha256(text), provenance=provenance, created_by=created_by)


def create_version(assembly_id: int, parent_id: int | None, kind: str, text: str,
                   provenance: list, created_by: int | None) -> Version:
    """Insert a new immutable version (flushed, so it has its id; the request commits)."""
    version = new_version(assembly_id, parent_id, kind, text, provenance, created_by)
    db.session.add(version)
    db.session.flush()
    return version


def get_version(version_id: int) -> Version:
    return get_or_raise(Version, version_id, _l("There is no version %(version_id)s.", version_id=version_id))


def spans_of(version: Version) -> tuple[Span, ...]:
    return tuple(Span(*row) for row in (version.provenance or []))


def spans_to_json(spans) -> list:
    return [[s.start, s.end, s.amendment_id, s.proposal_id] for s in spans]


def chain_versions(base: Version, target: Version, get=None) -> list[Version]:
    """Versions from base to target along parent pointers, or just the two ends.

    Walking the real history lets rebase map ranges through each merge in turn,
    which places more amendments exactly than one diff of the two ends would.
    """
    if base.id == target.id:
        return [base]
    path = [target]
    node = target
    for _step in range(10_000):
        if node.parent_id is None:
            break
        node = get(node.parent_id) if get else db.session.get(Version, node.parent_id)
        path.append(node)
        if node.id == base.id:
            return list(reversed(path))
    return [base, target]


def lines_json(text: str, width: int) -> list[dict]:
    return [{"n": line.n, "text": line.text} for line in LineIndex(text, width).lines]
