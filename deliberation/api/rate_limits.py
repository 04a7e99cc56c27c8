"""Rate limits per member: using an API token at all, filing amendments, commenting and voting.

One Flask-Limiter extension (extensions.limiter) holds every count: in Redis when REDIS_URL is
set, so a limit holds across processes, else in the process's memory; sign-in's per-address
throttle (throttle.py) counts in the same store. Each limit is a setting in config.py.

- Token use (RATE_LIMIT_TOKEN_USE): every API request with a bearer token, per member, as a
  Flask-Limiter limit on the API blueprint, checked before the view runs. Per member, not per
  token, so that making more tokens on the account page buys no more requests. The vote is the
  exception: its hot path asks the database nothing (ballot_box.py), so it is counted per token,
  and only against the voting limit (stricter, same key), skipping Flask-Limiter's per-request
  evaluation, which cost 20 % more CPU per vote in bench/ballot.py; a member votes once per
  ballot anyway.
- Filing, commenting, voting (RATE_LIMIT_FILING, _COMMENTING, _VOTING): spent by the views with
  spend(), inside the view and not as a decorator, so that a form refused for going too fast
  shows the message inline and keeps what the member typed; an API view's refusal is the usual
  error body. One count per member is shared by the API and the pages.

Every refusal is a 429 with Retry-After (seconds). A store that cannot be reached lets requests
through and logs it, as sign-in does: on a vote day an outage of the counter must not keep
members out.
"""
from __future__ import annotations

import functools
import logging
import math
import time

from flask import Flask, current_app, g, request
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from limits import RateLimitItem, parse_many

from deliberation.api.blueprint import bp as api_bp
from deliberation.api.errors import service_error
from deliberation.api.helpers import bearer_member
from deliberation.api.memory_store import SweptMemoryStorage  # noqa: F401  (registers refound-memory://)
from deliberation.auth import throttle
from deliberation.errors import ServiceError
from deliberation.models import ApiToken, Member
from extensions import limiter

log = logging.getLogger(__name__)

#: What each limit guards -> its setting in config.py.
CATEGORIES = {
    "filing": "RATE_LIMIT_FILING",
    "commenting": "RATE_LIMIT_COMMENTING",
    "voting": "RATE_LIMIT_VOTING",
}
#: The API's vote: counted per token (see the docstring).
VOTE_ENDPOINT = "api.api_vote"


class RateLimited(ServiceError):
    """Too many of one kind of request: try again in `retry_after` seconds."""

    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(_too_fast(retry_after))
        self.retry_after = retry_after


def _too_fast(seconds: int) -> str:
    if seconds < 120:
        return ngettext("Too many requests: try again in %(num)d second.",
                        "Too many requests: try again in %(num)d seconds.", seconds)
    return ngettext("Too many requests: try again in %(num)d minute.",
                    "Too many requests: try again in %(num)d minutes.", math.ceil(seconds / 60))


@functools.lru_cache(maxsize=64)
def _parsed(setting: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(setting))


def member_key(member: Member) -> str:
    return f"member:{member.id}"


def token_key(token: str) -> str:
    return f"token:{ApiToken.digest_of(token)}"


def spend(category: str, key: str) -> None:
    """Count one request of this kind for this key (member_key or token_key), or raise
    RateLimited with the seconds until the first of its limits lets another through."""
    try:
        items = _parsed(current_app.config[CATEGORIES[category]])
        strategy = limiter.limiter
        prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
        for item in items:
            if not strategy.hit(item, prefix, category, key):
                reset = strategy.get_window_stats(item, prefix, category, key).reset_time
                raise RateLimited(_seconds_until(reset, item))
    except RateLimited as refused:
        g.retry_after = refused.retry_after
        raise
    except Exception:
        log.warning("rate limit %s: the counter store cannot be reached; not limiting", category,
                    exc_info=True)


def _has_no_token() -> bool:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() != "bearer" or not token.strip()


def _token_use_key() -> str:
    """Per member; per token for a token that names no member (it gets a 401)."""
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    member = bearer_member()
    return member_key(member) if member is not None else token_key(token)


# Registered once, at import: Flask-Limiter keeps its limits by blueprint name for every app.
# Shared: one count across every API route, not one per route; the vote only spends its own.
limiter.request_filter(lambda: request.endpoint == VOTE_ENDPOINT)
limiter.shared_limit(lambda: current_app.config["RATE_LIMIT_TOKEN_USE"], scope="token-use",
                     key_func=_token_use_key, exempt_when=_has_no_token)(api_bp)


def _seconds_until(reset: float, item: RateLimitItem) -> int:
    """Whole seconds until `reset`, at least 1 and at most the limit's window."""
    return min(item.get_expiry(), max(1, math.ceil(reset - time.time())))


def _retry_after_now() -> int:
    current = limiter.current_limit
    return _seconds_until(current.reset_at, current.limit) if current is not None else 60


def init_app(app: Flask) -> None:
    """Bind the limiter to the app's store (after the blueprints, so that its check runs after
    the request's transaction begins), then sign-in's throttle to the same store."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "refound-memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # fail open (see the docstring)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)  # Retry-After on refusals only, below
    limiter.init_app(app)
    throttle.init_app(app, limiter.storage)

    @app.errorhandler(RateLimitExceeded)
    def on_token_use_exceeded(err: RateLimitExceeded):
        """Only the API's token-use limit is a Flask-Limiter limit: the API's error body."""
        refused = RateLimited(_retry_after_now())
        g.retry_after = refused.retry_after
        return service_error(refused)

    @app.after_request
    def retry_after_header(response):
        wait = g.pop("retry_after", None)
        if wait is not None and response.status_code == 429:
            response.headers["Retry-After"] = str(wait)
        return response
