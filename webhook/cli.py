"""The `sagak` command: serve, worker, db upgrade, staff, webhook set, demo seed, inbox requeue."""

from __future__ import annotations

import asyncio
import getpass
import ipaddress
import logging
import sys
from typing import Annotated, Any

import typer
from pydantic import SecretStr

from storage import audit
from storage import staff as staff_repo
from storage.db import make_engine, session_scope
from storage.migrate import upgrade
from webhook import cli_staff
from webhook.settings import Settings, SettingsError

cli = typer.Typer(
    help="sagak: a chat line for reporting welfare blind spots.",
    no_args_is_help=True,
    # Locals in a traceback could hold the bot token or a password.
    pretty_exceptions_show_locals=False,
)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
staff_cli = typer.Typer(help="Staff accounts.", no_args_is_help=True)
webhook_cli = typer.Typer(help="The Telegram webhook.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(staff_cli, name="staff")
cli.add_typer(webhook_cli, name="webhook")
demo_cli = typer.Typer(help="Demo data for trying sagak out.", no_args_is_help=True)
cli.add_typer(demo_cli, name="demo")
inbox_cli = typer.Typer(help="Stored Telegram updates.", no_args_is_help=True)
cli.add_typer(inbox_cli, name="inbox")


def _settings(**overrides: Any) -> Settings:
    try:
        return Settings.load(**overrides)
    except SettingsError as error:
        for problem in error.problems:
            typer.echo(f"configuration error: {problem}", err=True)
        raise typer.Exit(2) from error


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Let simulator mode listen on an address other machines can reach.",
        ),
    ] = False,
    no_workers: Annotated[
        bool,
        typer.Option(
            "--no-workers",
            help="Web only (webhook, API, pages): run `sagak worker` for the rest.",
        ),
    ] = False,
) -> None:
    """Apply migrations, then run the webhook, staff API and scheduler in one process."""
    import uvicorn

    from webhook.app import create_app

    settings = _settings()
    if settings.simulator.enabled is None and not settings.telegram.enabled:
        settings = _settings(simulator=True)  # no token: try it out locally (docs/operations.md)
    if no_workers and settings.simulator.enabled:
        typer.echo("error: simulator mode runs in one process; drop --no-workers", err=True)
        raise typer.Exit(2)
    if settings.simulator.enabled and not _loopback(host):
        _simulator_bind_warning(host, allowed=allow_remote)
        if not allow_remote:
            raise typer.Exit(2)
    _log_setup()
    if settings.simulator.enabled:
        typer.echo(
            "sagak: the Telegram channel is OFF until SAGAK_TELEGRAM_TOKEN is set "
            "(see README: connecting a real bot).\n"
            f"sagak: SIMULATOR MODE (no SAGAK_TELEGRAM_TOKEN): play residents at "
            f"http://{host}:{port}/simulator, work the queue at http://{host}:{port}/admin/",
            err=True,
        )
    elif not settings.telegram.enabled:
        typer.echo(
            "sagak: the Telegram channel is OFF until SAGAK_TELEGRAM_TOKEN is set "
            "(see README: connecting a real bot).",
            err=True,
        )
    part = " (web only: run `sagak worker` too)" if no_workers else ""
    typer.echo(
        f"sagak: serving on http://{host}:{port}{part} (database: {_safe_url(settings)})",
        err=True,
    )
    app = create_app(settings, workers=not no_workers)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


@cli.command()
def worker() -> None:
    """Apply migrations, then process stored updates, send the outbox and run the scheduled
    jobs, without the web (next to `sagak serve --no-workers`; any number of each)."""
    settings = _settings()
    if not settings.telegram.enabled:
        typer.echo("error: set SAGAK_TELEGRAM_TOKEN: a worker serves a real bot", err=True)
        raise typer.Exit(2)
    _log_setup()
    typer.echo(f"sagak: worker on database {_safe_url(settings)}", err=True)
    asyncio.run(_work(settings))


async def _work(settings: Settings) -> None:
    import signal

    from webhook.runtime import WORKER_SWEEP_SECONDS, running

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(settings, sweep_seconds=WORKER_SWEEP_SECONDS):
        await stop.wait()  # then sends in flight finish and the sender lock is handed on


def _log_setup() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO, and a Bot API URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _simulator_bind_warning(host: str, *, allowed: bool) -> None:
    """Say loudly why the simulator stays on this machine."""
    verdict = "WARNING: serving" if allowed else "REFUSED: not serving"
    typer.echo(
        f"sagak: {verdict} SIMULATOR MODE on {host}, an address other machines can reach.\n"
        "sagak: the simulator is a demo for this computer: anyone who reaches it can play\n"
        "sagak: residents and fill the queue, the demo admin's password was printed in a\n"
        "sagak: terminal, and nothing here is meant for real reports. Keep it on 127.0.0.1\n"
        "sagak: (the default); pass --allow-remote only for a closed network you trust.",
        err=True,
    )


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database.url).render_as_string(hide_password=True)


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply pending migrations to SAGAK_DATABASE_URL."""
    settings = _settings()
    engine = make_engine(settings.database.url)
    upgrade(engine)
    engine.dispose()
    typer.echo(f"database at {_safe_url(settings)} is up to date")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != first:
            typer.echo("passwords do not match", err=True)
            raise typer.Exit(1)
        return first
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        typer.echo("no password on standard input", err=True)
        raise typer.Exit(1)
    if len(lines) > 1 and lines[1] and lines[1] != lines[0]:
        typer.echo("passwords do not match", err=True)
        raise typer.Exit(1)
    return lines[0]


@staff_cli.command("add")
def staff_add(
    username: str,
    role: Annotated[str, typer.Option(help="staff, supervisor or admin")] = "staff",
    team: Annotated[str | None, typer.Option(help="The team whose cases they work.")] = None,
) -> None:
    """Create a staff account; prints a new API token as the last line."""
    settings = _settings()
    password = _read_password()
    engine = make_engine(settings.database.url)
    upgrade(engine)
    try:
        with session_scope(engine) as session:
            account = staff_repo.create_staff(
                session, username=username, password=password, role=role, team=team
            )
            assert account.id is not None
            token = staff_repo.issue_token(session, staff_id=account.id)
            audit.record(
                session,
                action="staff_created",
                actor="cli",
                detail={"username": account.username, "role": role, "team": team},
            )
    except staff_repo.StaffError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    typer.echo(f"created {role} {username!r}" + (f" in team {team!r}" if team else ""))
    typer.echo("API token (shown once; keep it secret):")
    typer.echo(token)


cli_staff.register(staff_cli, settings=_settings, read_password=_read_password)


@webhook_cli.command("set")
def webhook_set() -> None:
    """Register SAGAK_PUBLIC_URL/telegram/webhook with Telegram, with the secret token."""
    telegram = _settings().telegram
    if telegram.token is None or not telegram.public_url or not telegram.webhook_secret:
        typer.echo(
            "error: set SAGAK_TELEGRAM_TOKEN, SAGAK_WEBHOOK_SECRET and SAGAK_PUBLIC_URL first",
            err=True,
        )
        raise typer.Exit(2)
    url = telegram.public_url.rstrip("/") + "/telegram/webhook"
    asyncio.run(_set_webhook(telegram.api_base, telegram.token, telegram.webhook_secret, url))
    typer.echo(f"webhook set to {url}")


async def _set_webhook(api_base: str, token: SecretStr, secret: SecretStr, url: str) -> None:
    from telegram import Bot

    bot = Bot(
        token.get_secret_value(),
        base_url=f"{api_base}/bot",
        base_file_url=f"{api_base}/file/bot",
    )
    async with bot:
        await bot.set_webhook(
            url=url,
            secret_token=secret.get_secret_value(),
            allowed_updates=["message", "edited_message", "callback_query", "my_chat_member"],
        )


@demo_cli.command("seed")
def demo_seed() -> None:
    """Fill the database with a realistic week of demo reports (not with a real bot token)."""
    from webhook.simulator.demo import partners as demo_partners
    from webhook.simulator.demo import seed as demo

    settings = _settings()
    if settings.telegram.enabled:
        typer.echo(
            "error: SAGAK_TELEGRAM_TOKEN is set; demo reports are only for a trial database",
            err=True,
        )
        raise typer.Exit(2)
    engine = make_engine(settings.database.url)
    upgrade(engine)
    try:
        with session_scope(engine) as session:
            created = demo.seed_week(session)
            if created:
                added = demo_partners.seed_partners(session)
                detail = {"cases": created, "partners": added}
                audit.record(session, action="demo_seeded", actor="cli", detail=detail)
    finally:
        engine.dispose()
    if not created:
        typer.echo("the demo week is already in this database; nothing added")
        return
    typer.echo(
        f"added {created} demo reports from the past week, and demo partner organisations, "
        f"to {_safe_url(settings)}"
    )


@inbox_cli.command("requeue")
def inbox_requeue() -> None:
    """Process again the updates parked after repeated failures (after fixing the cause)."""
    from storage import inbox

    engine = make_engine(_settings().database.url)
    try:
        count = inbox.requeue_failed(engine)
    finally:
        engine.dispose()
    typer.echo(f"{count} update(s) put back in line; a running sagak processes them within 5 s")


def main() -> None:
    cli()
