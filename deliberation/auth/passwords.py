"""argon2id password hashing; tests use cheaper parameters, never production."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

#: Shortest password a member may choose (invitations, resets, the account page).
MIN_PASSWORD = 10

_DEFAULT = PasswordHasher()
_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    return _FAST if current_app.config.get("ARGON2_FAST") else _DEFAULT


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        # Spend the same effort so timing does not reveal unknown emails.
        _hasher().hash(password)
        return False
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
