"""The amendments area's tables."""
from amendments.models.version import Version
from amendments.models.amendment import Amendment, Support, AMENDMENT_STATUSES
from amendments.models.merge_record import MergeRecord
from amendments.models.history import AmendmentEvent

__all__ = ["Version", "Amendment", "Support", "AMENDMENT_STATUSES", "MergeRecord", "AmendmentEvent"]
