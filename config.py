"""Configuration read from the environment, with safe defaults for a laptop."""
import os
import secrets
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _database_url(instance: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance / 'refound.sqlite'}"
    # Heroku-style URLs and plain postgresql:// both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _engine_options(url: str) -> dict:
    """Pools sized for a busy process, so that concurrent requests reuse connections: past
    the pool's size SQLAlchemy opens a connection per use and closes it after, and a new
    PostgreSQL connection forks a server process (that churn capped votes at ~400/s).
    DATABASE_POOL_SIZE per process; with several processes keep their sum below the
    server's max_connections. PostgreSQL connections may drop, so they are checked when
    taken from the pool; a SQLite file's cannot."""
    size = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
    if url.startswith("sqlite"):
        return {"pool_size": size, "max_overflow": size}
    return {"pool_size": size, "max_overflow": 10, "pool_pre_ping": True}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    warnings.warn(
        "SECRET_KEY is not set: using a random key for development only "
        "(sessions end when the server restarts). Set SECRET_KEY in production.",
        RuntimeWarning,
        stacklevel=2,
    )
    return secrets.token_urlsafe(32)


class Config:
    """Settings for a running server; every secret comes from the environment."""

    def __init__(self, instance_path: Path | None = None):
        instance = Path(instance_path or os.environ.get("REFOUND_INSTANCE", ROOT / "instance"))
        #: The folder for the SQLite database and uploads; create_app makes it if it is missing.
        self.INSTANCE = str(instance)
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance)
        self.REDIS_URL = os.environ.get("REDIS_URL", "").strip() or None
        self.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(self.SQLALCHEMY_DATABASE_URI)
        #: 2 MB bodies: a whole 30,000-word constitution is about 200 KB.
        self.MAX_CONTENT_LENGTH = 2 * 1024 * 1024
        self.MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
        self.WTF_CSRF_TIME_LIMIT = None
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
        self.LANGUAGES = ["en", "cy"]
        self.LINE_WIDTH = int(os.environ.get("REFOUND_LINE_WIDTH", "80"))
        self.ARGON2_FAST = False
        #: Failed sign-ins allowed per email address (deliberation/auth/throttle.py).
        self.SIGNIN_FAILURES_ALLOWED = os.environ.get("SIGNIN_FAILURES_ALLOWED", "10 per 15 minutes").strip()
        #: Password-reset mails a member's address may be sent (deliberation/people/password_reset.py).
        self.PASSWORD_RESETS_ALLOWED = os.environ.get("PASSWORD_RESETS_ALLOWED", "3 per hour").strip()
        # Rate limits per member (deliberation/api/rate_limits.py says why each, and how they are
        # counted): "N per second|minute|hour|day", several joined by ";", all of which must allow.
        # A refused request gets 429 with Retry-After. Counted in Redis when REDIS_URL is set (so
        # across processes), else in each process.
        #: Every API request made with a member's bearer token (votes: per token): 10 a second on
        #: average is far beyond a person and ample for a script, not for a runaway loop.
        self.RATE_LIMIT_TOKEN_USE = os.environ.get("RATE_LIMIT_TOKEN_USE", "600 per minute").strip()
        #: Amendments a member files (API and the amend page): an organiser filing a group's whole
        #: list in one evening fits; a script flooding the chairs' desk does not.
        self.RATE_LIMIT_FILING = os.environ.get("RATE_LIMIT_FILING", "60 per hour; 300 per day").strip()
        #: Comments a member writes or changes (API and pages): a lively thread, not spam.
        self.RATE_LIMIT_COMMENTING = os.environ.get("RATE_LIMIT_COMMENTING",
                                                    "10 per minute; 300 per day").strip()
        #: Votes a member casts, accepted or refused (one ballot takes one; retries fit).
        self.RATE_LIMIT_VOTING = os.environ.get("RATE_LIMIT_VOTING", "20 per minute").strip()
        #: The store behind every limit and sign-in's throttle; and its keys' prefix, so that two
        #: sites can share one Redis.
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "refound-memory://"  # api/memory_store.py
        self.RATELIMIT_KEY_PREFIX = os.environ.get("RATE_LIMIT_NAMESPACE", "refound").strip()
        #: A sign-in unused for this many days ends (the member signs in again); any sign-in ends
        #: at once when its member signs out there, from the account page, or changes the password.
        self.SIGN_IN_IDLE_DAYS = int(os.environ.get("SIGN_IN_IDLE_DAYS", "14"))
        #: How often each process checks that its live connections' sign-ins have not ended
        #: elsewhere (another process disconnects its own at once).
        self.LIVE_SIGN_IN_CHECK_SECONDS = float(os.environ.get("LIVE_SIGN_IN_CHECK_SECONDS", "5"))
        #: Where members reach this server; invitation links start with it.
        self.PUBLIC_URL = os.environ.get("REFOUND_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
        #: Other web origins (scheme://host[:port], comma-separated) whose pages may open live
        #: editing connections. The origin a request is made to and PUBLIC_URL's are always
        #: allowed; a connection from any other site's page is refused (deliberation/live/origins.py).
        self.ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("ALLOWED_ORIGINS", "").split(",")
                                if o.strip()]
        #: The largest awareness (cursor and name) state one live client may send, in bytes.
        self.LIVE_AWARENESS_MAX_BYTES = int(os.environ.get("LIVE_AWARENESS_MAX_BYTES", "4096"))
        #: Awareness messages a live connection may send per second on average (twice as many in a
        #: burst); more are refused with `rate_limited` and not relayed.
        self.LIVE_AWARENESS_PER_SECOND = float(os.environ.get("LIVE_AWARENESS_PER_SECOND", "20"))
        # Live co-editing (deliberation/live/, docs/live.md says what each one trades).
        #: The largest y-protocols message a live client may send (a whole pasted constitution fits).
        self.LIVE_MAX_MESSAGE_BYTES = int(os.environ.get("LIVE_MAX_MESSAGE_BYTES", str(1024 * 1024)))
        #: How long an update waits for its commit before the ack says `not_saved` (the client resends).
        self.LIVE_ACK_TIMEOUT = float(os.environ.get("LIVE_ACK_TIMEOUT", "10"))
        #: How long a connection's write permission is trusted before the database is asked again.
        self.LIVE_GRANT_SECONDS = float(os.environ.get("LIVE_GRANT_SECONDS", "10"))
        #: The pump's tick: updates are stored and broadcast at most this often per room.
        self.LIVE_TICK_SECONDS = float(os.environ.get("LIVE_TICK_SECONDS", "0.05"))
        #: The longest tick, for the largest rooms (the tick grows with the fan-out it would need).
        self.LIVE_TICK_MAX_SECONDS = float(os.environ.get("LIVE_TICK_MAX_SECONDS", "0.2"))
        #: Cursors and names are merged and sent at most this often per room.
        self.LIVE_PRESENCE_SECONDS = float(os.environ.get("LIVE_PRESENCE_SECONDS", "0.1"))
        #: Sends a second one process aims to stay under; above it ticks lengthen (docs/live.md).
        self.LIVE_FANOUT_PER_SECOND = float(os.environ.get("LIVE_FANOUT_PER_SECOND", "10000"))
        #: Stored update rows in a room before they are compacted into one.
        self.LIVE_COMPACT_EVERY = int(os.environ.get("LIVE_COMPACT_EVERY", "2000"))
        #: How often each process checks Redis and counts the others: a process that loses Redis
        #: while others share its rooms closes its live connections until it is back (live/isolation.py).
        self.LIVE_REDIS_CHECK_SECONDS = float(os.environ.get("LIVE_REDIS_CHECK_SECONDS", "1"))
        #: Votes the ballot box writes in one transaction at most (deliberation/ballot/ballot_box.py).
        self.BALLOT_BATCH_MAX = int(os.environ.get("BALLOT_BATCH_MAX", "500"))
        # Outgoing mail (invitations). Without SMTP_HOST, invitation links are logged at INFO instead.
        self.SMTP_HOST = os.environ.get("SMTP_HOST", "").strip() or None
        self.SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
        self.SMTP_USER = os.environ.get("SMTP_USER", "").strip() or None
        self.SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
        self.SMTP_FROM = os.environ.get("SMTP_FROM", "refound@localhost").strip()
        self.SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "") == "1"
        #: Imports creating at most this many members send invitations at once; larger ones queue them
        #: for `flask members invite --send`.
        self.INVITE_SEND_NOW_MAX = int(os.environ.get("INVITE_SEND_NOW_MAX", "100"))
        self.INVITE_DAYS = int(os.environ.get("INVITE_DAYS", "14"))
        #: The roll upload page alone accepts bodies this large (a 500,000-member roll is about 30 MB).
        self.ROLL_UPLOAD_MAX_BYTES = int(os.environ.get("ROLL_UPLOAD_MAX_MB", "64")) * 1024 * 1024
        #: Where uploaded rolls wait for their import; each file is deleted when its import ends.
        self.ROLL_UPLOAD_DIR = os.environ.get("ROLL_UPLOAD_DIR", "").strip() or str(instance / "roll-uploads")
        #: A roll import with no progress for this long is shown as failed (its process has died).
        self.ROLL_IMPORT_STALE_SECONDS = int(os.environ.get("ROLL_IMPORT_STALE_SECONDS", "300"))
        #: Run uploaded roll imports in a background thread (False: within the upload request, for tests).
        self.ROLL_IMPORT_BACKGROUND = os.environ.get("ROLL_IMPORT_BACKGROUND", "1") != "0"
        #: Keys of the failed-sign-in counts (in Redis when REDIS_URL is set), so two sites can share one.
        self.SIGNIN_THROTTLE_NAMESPACE = os.environ.get("SIGNIN_THROTTLE_NAMESPACE", "refound-sign-in")
        # Exports (deliberation/exports/renderer.py, cache.py).
        #: PDFs one server process draws at once, each in a render process of its own.
        self.EXPORT_RENDERS = int(os.environ.get("EXPORT_RENDERS", "2"))
        #: Seconds a PDF request waits for a free render before a 503 with Retry-After.
        self.EXPORT_RENDER_WAIT = float(os.environ.get("EXPORT_RENDER_WAIT", "3"))
        #: Seconds a render may take before it is stopped (503).
        self.EXPORT_RENDER_TIMEOUT = float(os.environ.get("EXPORT_RENDER_TIMEOUT", "120"))
        #: The render processes' nice value: the live servers get the cores first.
        self.EXPORT_RENDER_NICE = int(os.environ.get("EXPORT_RENDER_NICE", "10"))
        #: Where finished version exports are kept, and the most that folder may hold (MB).
        self.EXPORT_CACHE_DIR = (os.environ.get("EXPORT_CACHE_DIR", "").strip()
                                 or str(instance / "export-cache"))
        self.EXPORT_CACHE_MB = int(os.environ.get("EXPORT_CACHE_MB", "500"))
        #: Flask-WTF's CSRF check on every form; only a test may turn it off.
        self.WTF_CSRF_ENABLED = True
        #: Support a member petition needs for an all-member ballot: a count, or a percentage of
        #: eligible members ("2%"); and the number of groups with an organiser among the supporters
        #: (0: groups not required). Both must be met.
        self.PETITION_MEMBERS = os.environ.get("PETITION_MEMBERS", "2%").strip()
        self.PETITION_GROUPS = int(os.environ.get("PETITION_GROUPS", "0"))
        #: Minutes after writing a comment in which its author may still change it
        #: (deliberation/discussion/).
        self.DISCUSSION_EDIT_MINUTES = int(os.environ.get("DISCUSSION_EDIT_MINUTES", "15"))
        # Search (deliberation/search/). Processes on one host share the index folder; Whoosh's
        # write lock lets one of them write at a time and the others read every commit.
        #: The Whoosh index folder (`flask search rebuild` fills it from the database).
        self.SEARCH_INDEX_DIR = (os.environ.get("SEARCH_INDEX_DIR", "").strip()
                                 or str(instance / "search-index"))
        #: When changes are indexed after their commit: "background" (a thread per process, so no
        #: request waits), "inline" (at once in the committing thread) or "off".
        self.SEARCH_INDEXING = os.environ.get("SEARCH_INDEXING", "background").strip()
        #: Seconds a drain waits for another process's write to finish before leaving its changes
        #: in the outbox for later; and how long before it tries again.
        self.SEARCH_LOCK_TIMEOUT = float(os.environ.get("SEARCH_LOCK_TIMEOUT", "10"))
        self.SEARCH_RETRY_SECONDS = float(os.environ.get("SEARCH_RETRY_SECONDS", "5"))
        #: Seconds after a live edit to a draft proposal before its text is indexed again (the
        #: editor stores keystrokes many times a second).
        self.SEARCH_DRAFT_REFRESH_SECONDS = float(os.environ.get("SEARCH_DRAFT_REFRESH_SECONDS", "10"))
        #: Postings of the commonest words each process keeps decoded between searches (about
        #: 18 bytes each: 18 MB by default; 0 keeps none): deliberation/search/hot.py.
        self.SEARCH_HOT_POSTINGS = int(os.environ.get("SEARCH_HOT_POSTINGS", "1000000"))

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k.isupper()}


class TestConfig(Config):
    """Temp paths, fast hashing, CSRF on (tests fetch tokens like a browser does)."""

    def __init__(self, instance_path: Path):
        os.environ.setdefault("SECRET_KEY", "test-secret-not-for-production")
        super().__init__(instance_path)
        self.TESTING = True
        self.ARGON2_FAST = True
        #: Each test app counts its own failed sign-ins and rate limits, even in a shared Redis.
        self.SIGNIN_THROTTLE_NAMESPACE = f"refound-sign-in-test-{uuid.uuid4().hex}"
        self.RATELIMIT_KEY_PREFIX = f"refound-test-{uuid.uuid4().hex}"
        #: Tests drive one member hard (the sweeps send thousands of requests); the rate limits'
        #: own tests set the real kind of value.
        self.RATE_LIMIT_TOKEN_USE = self.RATE_LIMIT_FILING = "100000 per minute"
        self.RATE_LIMIT_COMMENTING = self.RATE_LIMIT_VOTING = "100000 per minute"
        #: Each test app has its own index under its temp instance folder, written as each
        #: commit ends, so a test sees its changes in search at once.
        self.SEARCH_INDEX_DIR = str(Path(instance_path) / "search-index")
        self.SEARCH_INDEXING = "inline"
        self.SEARCH_LOCK_TIMEOUT = 2.0
