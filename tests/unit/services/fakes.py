"""A unit of work that keeps rows in dicts, so services are tested with no database and no app
(as cosmicpython's FakeUnitOfWork)."""
from deliberation.unit_of_work import UnitOfWork


class FakeRepository:
    def __init__(self, *rows) -> None:
        self.rows: dict = {}
        for row in rows:
            self.add(row)

    def get(self, ident):
        return self.rows.get(ident)

    def get_many(self, ids) -> dict:
        return {ident: self.rows[ident] for ident in ids if ident in self.rows}

    def add(self, row):
        if row.id is None:
            row.id = max(self.rows, default=0) + 1  # what a flush would give it
        self.rows[row.id] = row
        return row


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
        self.amendments = FakeRepository(*amendments)
        self.assemblies = FakeAssemblies(*assemblies)
        self.supports, self.merges, self.audit = FakeRepository(), FakeRepository(), FakeRepository()
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

    def actions(self) -> list[str]:
        return [event.action for event in self.audit.rows.values()]
