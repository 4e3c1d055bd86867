"""`sagak staff` for an operator at the server: list, reset-password, unlock, disable, enable.

These work without signing in (a locked-out admin is the reason they exist); each change is
audited with actor "cli", like `staff add`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from sqlmodel import Session

from storage import audit, login_throttle, sessions
from storage import staff as staff_repo
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from storage.models import Staff
from webhook.settings import Settings


def register(
    staff_cli: typer.Typer,
    *,
    settings: Callable[[], Settings],
    read_password: Callable[[], str],
) -> None:
    """Add the account-care commands to `sagak staff`."""

    @contextmanager
    def database() -> Iterator[Session]:
        engine = make_engine(settings().database.url)
        upgrade(engine)
        try:
            with session_scope(engine) as session:
                yield session
        finally:
            engine.dispose()

    def account(session: Session, username: str) -> Staff:
        found = staff_repo.find_by_username(session, username=username)
        if found is None:
            typer.echo(f"error: no staff account {username!r} (see `sagak staff list`)", err=True)
            raise typer.Exit(1)
        return found

    @staff_cli.command("list")
    def staff_list() -> None:
        """Show every account: username, role, team, and whether it is enabled."""
        with database() as session:
            rows = [
                (s.username, s.role, s.team or "-", "enabled" if s.active else "DISABLED")
                for s in staff_repo.list_staff(session)
            ]
        if not rows:
            typer.echo("no staff accounts yet; add one with `sagak staff add USERNAME`")
            return
        header = ("username", "role", "team", "state")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
        for row in [header, *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            typer.echo("  ".join(cells).rstrip())

    @staff_cli.command("reset-password")
    def staff_reset_password(username: str) -> None:
        """Set a new password (read like `staff add`); ends the account's open sign-ins and
        clears its failed attempts. API tokens stay valid."""
        password = read_password()
        try:
            with database() as session:
                staff = account(session, username)
                assert staff.id is not None
                staff_repo.set_password(session, staff=staff, password=password)
                ended = sessions.revoke_all(session, staff_id=staff.id)
                login_throttle.clear_account(session, username=staff.username)
                audit.record(
                    session,
                    action="password_reset",
                    actor="cli",
                    detail={"username": staff.username, "sessions_ended": ended},
                )
        except staff_repo.StaffError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from error
        typer.echo(f"new password set for {username!r}; {ended} open sign-in(s) ended")

    @staff_cli.command("unlock")
    def staff_unlock(username: str) -> None:
        """Forget the account's failed sign-ins, so it may sign in again at once."""
        with database() as session:
            staff = account(session, username)
            forgotten = login_throttle.clear_account(session, username=staff.username)
            audit.record(
                session,
                action="staff_unlocked",
                actor="cli",
                detail={"username": staff.username, "failures_cleared": forgotten},
            )
        state = "" if staff.active else " (the account is disabled: `sagak staff enable`)"
        done = f"{username!r} may sign in again; {forgotten} failed attempt(s) forgotten"
        typer.echo(done + state)

    def set_active(username: str, active: bool) -> None:
        with database() as session:
            staff = account(session, username)
            staff_repo.set_active(session, staff=staff, active=active)
            audit.record(
                session,
                action="staff_enabled" if active else "staff_disabled",
                actor="cli",
                detail={"username": staff.username},
            )
        if active:
            typer.echo(f"{username!r} is enabled")
        else:
            typer.echo(f"{username!r} is disabled; its sign-ins and API tokens are ended")

    @staff_cli.command("disable")
    def staff_disable(username: str) -> None:
        """Stop an account: ends its sign-ins and revokes its API tokens."""
        set_active(username, False)

    @staff_cli.command("enable")
    def staff_enable(username: str) -> None:
        """Let a disabled account sign in again (new API tokens are needed)."""
        set_active(username, True)
