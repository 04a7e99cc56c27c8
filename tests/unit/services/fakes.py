"""A unit of work that keeps rows in dicts, so services are tested with no database and no app
(as cosmicpython's FakeUnitOfWork)."""
from amendments.models import AmendmentEvent, AmendmentPlacement
from deliberation.models.audit import AuditEvent
from deliberation.unit_of_work import UnitOfWork


class FakeRepository:
    model = None  # the row class add_many builds (set per repository)

    def __init__(self, *rows, model=None) -> None:
        self.model = model
        self.rows: dict = {}
        for row in rows:
            self.add(row)

    def get(self, ident):
        return self.rows.get(ident)

    def get_many(self, ids) -> dict:
        return {ident: self.rows[ident] for ident in ids if ident in self.rows}

    def add_many(self, rows: list[dict]) -> None:
        for values in rows:
            self.add(self.model(**values))

    def add(self, row):
        if row.id is None:
            row.id = max(self.rows, default=0) + 1  # what a flush would give it
        self.rows[row.id] = row
        return row


class FakeAmendments(FakeRepository):
    def pending(self, assembly_id: int, statuses=("open", "admitted")) -> list:
        return sorted((a for a in self.rows.values()
                       if a.assembly_id == assembly_id and a.status in statuses), key=lambda a: a.id)


class FakePlacements(FakeRepository):
    def on(self, version_id: int, amendment_ids) -> dict:
        wanted = set(amendment_ids)
        return {p.amendment_id: p for p in self.rows.values()
                if p.version_id == version_id and p.amendment_id in wanted}


class FakeMerges(FakeRepository):
    def last_standing(self, assembly_id: int):
        undone = {m.undoes_id for m in self.rows.values() if m.undoes_id}
        standing = [m for m in self.rows.values() if m.assembly_id == assembly_id and m.kind == "merge"
                    and m.to_version_id is not None and m.id not in undone]
        return max(standing, key=lambda m: m.id, default=None)

    def undo_of(self, merge_id: int):
        return next((m for m in self.rows.values() if m.undoes_id == merge_id), None)


class FakeAssemblies(FakeRepository):
    def __init__(self, *rows, moved_elsewhere: bool = False) -> None:
        super().__init__(*rows)
        self.moved_elsewhere = moved_elsewhere

    def move_current(self, assembly, from_version_id: int, to_version_id: int) -> bool:
        if self.moved_elsewhere or assembly.current_version_id != from_version_id:
            return False
        assembly.current_version_id = to_version_id
        return True


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, versions=(), amendments=(), assemblies=()) -> None:  # noqa: D107 -- no session
        self.versions = FakeRepository(*versions)
        self.amendments = FakeAmendments(*amendments)
        self.placements = FakePlacements(model=AmendmentPlacement)
        self.events = FakeRepository(model=AmendmentEvent)
        self.assemblies = FakeAssemblies(*assemblies)
        self.supports, self.merges, self.audit = (FakeRepository(), FakeMerges(),
                                                  FakeRepository(model=AuditEvent))
        self.committed = self.rolled_back = False
        self._pending: list = []

    def flush(self) -> None:
        pass

    def commit(self) -> None:
        self.committed = True
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()

    def rollback(self) -> None:
        self.rolled_back, self._pending = True, []

    def after_commit(self, callback) -> None:
        self._pending.append(callback)

    def record_many(self, rows) -> None:
        for action, subject, who, detail in rows:
            self.record(action, subject, who, **detail)

    def actions(self) -> list[str]:
        return [event.action for event in self.audit.rows.values()]
