"""Failed sign-ins are limited per email address, so no one can guess a member's password by
trying many (SIGNIN_FAILURES_ALLOWED, 10 per 15 minutes). Counted per address, not per network
address: members behind one office or campus router must not lock each other out, and Refound
does not assume a trusted proxy's headers. The count lives in Redis when REDIS_URL is set (every
process shares it), else in the process. A success clears the address's count. If the store
cannot be reached, sign-in goes on unthrottled (and says so in the log): on a vote day an outage
of the counter must not keep members out.

The counts are kept in the store of the app's one rate limiter (Flask-Limiter, extensions.limiter;
the per-member limits are in api/rate_limits.py), not in a second one. Only failures count and a
success clears them, which a Flask-Limiter route limit cannot say, so this keeps its own small
moving-window counter over that store."""
from __future__ import annotations

import logging
import math
import time

from flask import current_app
from limits import parse_many
from limits.storage import Storage
from limits.strategies import MovingWindowRateLimiter

from deliberation.auth.passwords import verify_password

log = logging.getLogger(__name__)


class AddressThrottle:
    """Attempts counted per email address within moving windows (e.g. "10 per 15 minutes")."""

    def __init__(self, storage: Storage, allowed: str, namespace: str = "refound-sign-in") -> None:
        self.limits = parse_many(allowed)
        self.limiter = MovingWindowRateLimiter(storage)
        self.namespace = namespace

    def wait_seconds(self, email: str) -> int:
        """0 when the address may try again now; else how long until it may."""
        try:
            waits = [self.limiter.get_window_stats(limit, self.namespace, email).reset_time - time.time()
                     for limit in self.limits if not self.limiter.test(limit, self.namespace, email)]
        except Exception:
            log.warning("sign-in throttle: the counter store cannot be reached; not throttling",
                        exc_info=True)
            return 0
        return max(1, math.ceil(max(waits))) if waits else 0

    def count(self, email: str) -> None:
        self._each(self.limiter.hit, email)

    failed = count  # a failed sign-in

    def succeeded(self, email: str) -> None:
        self._each(self.limiter.clear, email)

    def _each(self, action, email: str) -> None:
        try:
            for limit in self.limits:
                action(limit, self.namespace, email)
        except Exception:
            log.warning("sign-in throttle: the counter store cannot be reached", exc_info=True)


def init_app(app, storage: Storage) -> None:
    """Two counters in the rate limiter's store: failed sign-ins, and password-reset mails asked
    for (people/password_reset.py)."""
    namespace = app.config.get("SIGNIN_THROTTLE_NAMESPACE", "refound-sign-in")
    app.extensions["refound_sign_in_throttle"] = AddressThrottle(
        storage, app.config["SIGNIN_FAILURES_ALLOWED"], namespace)
    app.extensions["refound_password_reset_throttle"] = AddressThrottle(
        storage, app.config["PASSWORD_RESETS_ALLOWED"], f"{namespace}-password-reset")


def throttle() -> AddressThrottle:
    return current_app.extensions["refound_sign_in_throttle"]


def reset_throttle() -> AddressThrottle:
    return current_app.extensions["refound_password_reset_throttle"]


def check_password(email: str, stored: str | None, password: str) -> tuple[bool, int]:
    """(right, seconds to wait) for a password given for `email` (sign-in, or a change on the
    account page): a throttled address is not checked at all; a wrong password counts against
    it, a right one clears its count. `stored` None (no such member) is hashed all the same."""
    wait = throttle().wait_seconds(email)
    if wait:
        return False, wait
    right = verify_password(stored, password)
    (throttle().succeeded if right else throttle().failed)(email)
    return right, 0
