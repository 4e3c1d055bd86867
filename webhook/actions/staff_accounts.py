"""An admin's actions on staff accounts: create, change role and team, disable or enable,
reset a password, issue and revoke API tokens, end open sign-ins. Who may do them (admins)
is declared on the routes."""

from __future__ import annotations

from sqlmodel import Session

from storage import sessions
from storage import staff as staff_repo
from storage.models import Staff
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """An account change refused; `code` names it: username_taken, password_short,
    password_mismatch, not_yourself or invalid."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def create_account(
    session: Session, actor: Actor, *, username: str, password: str, role: str, team: str
) -> Staff:
    """A new staff account. Raises AccountError."""
    if staff_repo.find_by_username(session, username=username.strip()) is not None:
        raise AccountError("username_taken", "that username is taken")
    try:
        with all_or_nothing(session):
            account = staff_repo.create_staff(
                session, username=username, password=password, role=role, team=team.strip() or None
            )
    except staff_repo.StaffError as error:
        code = "password_short" if len(password) < MIN_PASSWORD_LENGTH else "invalid"
        raise AccountError(code, str(error)) from error
    detail = {"username": account.username, "role": account.role, "team": account.team}
    done(session, actor, "staff_created", detail=detail)
    return account


def change_account(session: Session, actor: Actor, account: Staff, *, role: str, team: str) -> None:
    """A new role and team. Raises AccountError (`not_yourself` for one's own role: an
    admin demoting themselves could leave nobody able to manage accounts)."""
    if account.id == actor.staff_id and role != account.role:
        raise AccountError("not_yourself", "admins do not change their own role")
    before = {"role": account.role, "team": account.team}
    try:
        with all_or_nothing(session):
            staff_repo.update_account(session, staff=account, role=role, team=team)
    except staff_repo.StaffError as error:
        raise AccountError("invalid", str(error)) from error
    after = {"role": account.role, "team": account.team}
    detail = {"username": account.username, "before": before, "after": after}
    done(session, actor, "staff_changed", detail=detail)


def set_active(session: Session, actor: Actor, account: Staff, *, active: bool) -> None:
    """Enable or disable an account (disabling ends its sign-ins and API tokens). Raises
    AccountError `not_yourself`: an admin never locks themselves out."""
    if account.id == actor.staff_id:
        raise AccountError("not_yourself", "admins do not disable their own account")
    staff_repo.set_active(session, staff=account, active=active)
    action = "staff_enabled" if active else "staff_disabled"
    done(session, actor, action, detail={"username": account.username})


def reset_password(
    session: Session,
    actor: Actor,
    account: Staff,
    *,
    password: str,
    repeat: str,
    keep_session: int | None = None,
) -> int:
    """A new password; whoever knew the old one is signed out everywhere but in the
    `keep_session` (the admin's own browser when they reset their own). Returns how many
    sign-ins ended. Raises AccountError."""
    if password != repeat:
        raise AccountError("password_mismatch", "the passwords differ")
    try:
        with all_or_nothing(session):
            staff_repo.set_password(session, staff=account, password=password)
    except staff_repo.StaffError as error:
        raise AccountError("password_short", str(error)) from error
    keep = keep_session if account.id == actor.staff_id else None
    ended = sessions.revoke_all(session, staff_id=require_id(account), keep=keep)
    detail = {"username": account.username, "sessions_ended": ended}
    done(session, actor, "password_reset", detail=detail)
    return ended


def issue_token(session: Session, actor: Actor, account: Staff) -> str:
    """A new API token for an active account, returned this once (only its digest is kept)."""
    token = staff_repo.issue_token(session, staff_id=require_id(account))
    done(session, actor, "token_issued", detail={"username": account.username})
    return token


def revoke_token(session: Session, actor: Actor, account: Staff, *, token_id: int) -> bool:
    """Revoke one of the account's live API tokens; False when there is none such."""
    if not staff_repo.revoke_token(session, staff_id=require_id(account), token_id=token_id):
        return False
    detail = {"username": account.username, "token_id": token_id}
    done(session, actor, "token_revoked", detail=detail)
    return True


def end_sessions(session: Session, actor: Actor, account: Staff) -> int:
    """Sign the account out of every browser; returns how many sign-ins ended."""
    ended = sessions.revoke_all(session, staff_id=require_id(account))
    detail = {"username": account.username, "sessions_ended": ended}
    done(session, actor, "sessions_ended", detail=detail)
    return ended
