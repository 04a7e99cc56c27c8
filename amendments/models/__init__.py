"""The amendments area's tables."""
from amendments.models.amendment import AMENDMENT_STATUSES, Amendment, Support
from amendments.models.history import AmendmentEvent
from amendments.models.merge_record import MergeRecord
from amendments.models.placement import AmendmentPlacement
from amendments.models.version import Version

__all__ = ["Version", "Amendment", "Support", "AMENDMENT_STATUSES", "MergeRecord", "AmendmentEvent",
           "AmendmentPlacement"]
