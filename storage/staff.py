"""Staff accounts, password hashes (Argon2id) and API tokens (stored as SHA-256 digests)."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlmodel import Session, col, select, update

from storage import sessions
from storage.models import ApiToken, Staff
from storage.rows import require_id
from storage.types import utcnow
from storage.vocabulary import StaffRole

ROLES = tuple(StaffRole)
TOKEN_PREFIX = "sgk_"  # noqa: S105 (a prefix, not a secret)
_hasher = PasswordHasher()


class StaffError(ValueError):
    """A staff account could not be created or changed as asked."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except VerificationError:
        return False


def _token_digest(token: str) -> str:
    # A token has 256 random bits, so a fast digest is enough; a database leak gives no tokens.
    return hashlib.sha256(token.encode()).hexdigest()


def _role(role: str) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        raise StaffError(f"role must be one of {', '.join(ROLES)}") from None


def create_staff(
    session: Session, *, username: str, password: str, role: str, team: str | None
) -> Staff:
    """Create an account; raises StaffError for a taken name, bad role or weak password."""
    username = username.strip()
    if not username or len(username) > 64:
        raise StaffError("username must be 1-64 characters")
    staff_role = _role(role)
    if len(password) < 10:
        raise StaffError("password must be at least 10 characters")
    if session.exec(select(Staff).where(col(Staff.username) == username)).first() is not None:
        raise StaffError(f"staff account {username!r} already exists")
    staff = Staff(
        username=username, password_hash=hash_password(password), role=staff_role, team=team
    )
    session.add(staff)
    session.flush()
    return staff


def issue_token(session: Session, *, staff_id: int) -> str:
    """Create a new API token and return it; only its digest is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(staff_id=staff_id, token_hash=_token_digest(token)))
    return token


def staff_for_token(session: Session, *, token: str) -> Staff | None:
    """The active staff member a bearer token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    # Looking up by digest means no secret is compared byte by byte in Python.
    digest = _token_digest(token)
    row = session.exec(select(ApiToken).where(col(ApiToken.token_hash) == digest)).first()
    if row is None or row.revoked_at is not None:
        return None
    staff = session.get(Staff, row.staff_id)
    if staff is None or not staff.active:
        return None
    row.last_used_at = utcnow()
    session.add(row)
    return staff


def find_by_username(session: Session, *, username: str) -> Staff | None:
    return session.exec(select(Staff).where(col(Staff.username) == username)).first()


# Account management for the admin pages and sign-in.


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker Argon2 parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)


def set_password(session: Session, *, staff: Staff, password: str) -> None:
    """Replace a password (raises StaffError if it is too short)."""
    if len(password) < 10:
        raise StaffError("password must be at least 10 characters")
    staff.password_hash = hash_password(password)
    session.add(staff)


def update_account(session: Session, *, staff: Staff, role: str, team: str | None) -> None:
    """Change a staff member's role and team."""
    staff_role = _role(role)
    team = (team or "").strip() or None
    if team is not None and len(team) > 64:
        raise StaffError("team must be at most 64 characters")
    staff.role, staff.team = staff_role, team
    session.add(staff)


def revoke_tokens(session: Session, *, staff_id: int) -> int:
    """Revoke every API token of a staff member; returns how many were live."""
    result = session.exec(
        update(ApiToken)
        .where(col(ApiToken.staff_id) == staff_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)


def revoke_token(session: Session, *, staff_id: int, token_id: int) -> bool:
    """Revoke one API token of `staff_id`; False if there is no such live token."""
    row = session.get(ApiToken, token_id)
    if row is None or row.staff_id != staff_id or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.add(row)
    return True


def set_active(session: Session, *, staff: Staff, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions and revokes its API tokens."""
    staff.active = active
    session.add(staff)
    if not active:
        staff_id = require_id(staff)
        sessions.revoke_all(session, staff_id=staff_id)
        revoke_tokens(session, staff_id=staff_id)


def list_staff(session: Session) -> list[Staff]:
    """Every account, active ones first, then by username."""
    return list(
        session.exec(select(Staff).order_by(col(Staff.active).desc(), col(Staff.username))).all()
    )


def list_tokens(session: Session, *, staff_id: int) -> list[ApiToken]:
    """A staff member's API tokens, newest first (digests only: tokens are never shown again)."""
    return list(
        session.exec(
            select(ApiToken)
            .where(col(ApiToken.staff_id) == staff_id)
            .order_by(col(ApiToken.id).desc())
        ).all()
    )


def teams(session: Session) -> list[str]:
    """The team names in use by staff accounts, sorted."""
    rows = session.exec(select(Staff.team).where(col(Staff.team).is_not(None)).distinct()).all()
    return sorted(team for team in rows if team)
