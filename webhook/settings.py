"""Configuration: the SAGAK_* variables of the public interface (also read from .env),
parsed once at start into typed values grouped by subject.

`Environment` reads the variables as the operator wrote them; `Settings.load` checks and
parses them, so a wrong value stops the start with a message naming the variable instead of
failing later in a job or, worse, in an emergency reply. Everything else reads `Settings`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.hotlines import Hotline, parse_hotlines
from storage.db import default_sqlite_url
from triage import DEFAULT_SLA, Priority, parse_sla

PREFIX = "SAGAK_"
_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The staff group chat the simulator shows (a Telegram supergroup id is negative).
SIMULATED_STAFF_CHAT_ID = -1000000000001


class Environment(BaseSettings):
    """The variables as given; each field is SAGAK_ plus its name in capitals."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # database
    database_url: str | None = None
    data_dir: Path = Path("./data")
    # Telegram
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    webhook_secret: SecretStr | None = None
    public_url: str | None = None
    staff_chat_id: int | None = None
    # resident conversation: docs/conversation.md
    flood_per_minute: int = Field(default=20, ge=1)
    daily_new_cases: int = Field(default=5, ge=1)
    # Attachments larger than this are not kept (the resident is told); docs/operations.md.
    attachment_max_mb: int = Field(default=20, ge=1, le=2000)
    hotlines: str | None = None  # e.g. "112,119,109,129,1366" or "112,1234-5678=City line"
    # staff page sessions: idle end, and the latest end after sign-in
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 7)
    # queue: docs/queue.md
    timezone: str = "Asia/Seoul"
    sla: str = ""  # e.g. "critical=1h,high=24h,normal=72h,low=7d"; unset levels keep defaults
    districts_file: str | None = None  # a TOML path, or builtin:seosan
    default_team: str | None = None
    # retention; access logs: Korean guidance keeps them one to two years
    retention_days: int = Field(default=1826, ge=30)
    audit_retention_days: int = Field(default=730, ge=365)
    # simulator: docs/operations.md. None: `sagak serve` turns it on when no token is set.
    simulator: bool | None = None
    demo_admin_password: SecretStr | None = None


class SettingsError(ValueError):
    """The configuration is wrong; `problems` has one line per variable, each naming it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    data_dir: Path


@dataclass(frozen=True)
class TelegramSettings:
    token: SecretStr | None
    api_base: str  # SAGAK_TELEGRAM_API_URL without a trailing slash
    webhook_secret: SecretStr | None
    public_url: str | None
    # Where alerts go: SAGAK_STAFF_CHAT_ID, or the simulator's staff group in simulator mode.
    staff_chat_id: int | None

    @property
    def enabled(self) -> bool:
        return self.token is not None


@dataclass(frozen=True)
class ConversationSettings:
    flood_per_minute: int
    daily_new_cases: int
    hotlines: tuple[Hotline, ...]


@dataclass(frozen=True)
class SessionSettings:
    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class QueueSettings:
    timezone: ZoneInfo
    sla: Mapping[Priority, timedelta]  # every level: SAGAK_SLA over the defaults
    districts_file: str | None
    default_team: str | None


@dataclass(frozen=True)
class RetentionSettings:
    cases: timedelta
    audit: timedelta


@dataclass(frozen=True)
class AttachmentSettings:
    max_mb: int  # SAGAK_ATTACHMENT_MAX_MB: larger files are refused, not kept


@dataclass(frozen=True)
class SimulatorSettings:
    enabled: bool | None  # None: not asked for; `sagak serve` decides
    demo_admin_password: SecretStr | None


@dataclass(frozen=True)
class Settings:
    """The whole configuration, parsed; build it with `Settings.load()`."""

    environment: Environment
    database: DatabaseSettings
    telegram: TelegramSettings
    conversation: ConversationSettings
    sessions: SessionSettings
    queue: QueueSettings
    retention: RetentionSettings
    attachments: AttachmentSettings
    simulator: SimulatorSettings

    @classmethod
    def load(cls, *, env_file: str | Path | None = ".env", **variables: Any) -> Settings:
        """Read the environment (and `env_file`); `variables` (lower-case names without
        SAGAK_) win over both. Raises SettingsError naming each wrong variable."""
        try:
            environment = Environment(_env_file=env_file, **variables)  # type: ignore[call-arg]
        except ValidationError as error:
            raise SettingsError([_describe(problem) for problem in error.errors()]) from None
        return parse(environment)

    def replace(self, **variables: Any) -> Settings:
        """These settings with some variables changed, parsed again."""
        given = {name: getattr(self.environment, name) for name in Environment.model_fields}
        return Settings.load(env_file=None, **{**given, **variables})


def parse(environment: Environment) -> Settings:
    """Check the variables together and parse them into typed values."""
    problems: list[str] = []

    def checked(name: str, parse_value: Any, value: Any) -> Any:
        try:
            return parse_value(value)
        except ValueError as error:
            message = str(error).removeprefix(f"{_variable(name)}: ")
            problems.append(f"{_variable(name)}: {message}")
            return None

    env = environment
    # An empty SAGAK_TELEGRAM_TOKEN= line in .env means no token.
    given = env.telegram_token
    token = given if given is not None and given.get_secret_value() else None
    if token is not None and not env.webhook_secret:
        problems.append(
            "SAGAK_WEBHOOK_SECRET is required when SAGAK_TELEGRAM_TOKEN is set "
            "(Telegram sends it in X-Telegram-Bot-Api-Secret-Token)"
        )
    if env.webhook_secret is not None and not _SECRET_PATTERN.fullmatch(
        env.webhook_secret.get_secret_value()
    ):
        problems.append(
            "SAGAK_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
            "(Telegram's rule for secret_token)"
        )
    if env.simulator and token is not None:
        problems.append(
            "SAGAK_SIMULATOR is on but SAGAK_TELEGRAM_TOKEN is set: the simulator only runs "
            "without a real bot token (unset one of them)"
        )
    password = env.demo_admin_password
    if password is not None and len(password.get_secret_value()) < 10:
        problems.append("SAGAK_DEMO_ADMIN_PASSWORD must be at least 10 characters")
    hotlines = checked("hotlines", parse_hotlines, env.hotlines)
    zone = checked("timezone", _zone, env.timezone)
    sla = checked("sla", parse_sla, env.sla)
    if problems:
        raise SettingsError(problems)

    staff_chat_id = env.staff_chat_id
    if staff_chat_id is None and env.simulator:
        staff_chat_id = SIMULATED_STAFF_CHAT_ID  # alerts show in the simulator's staff group
    return Settings(
        environment=env,
        database=DatabaseSettings(
            url=env.database_url or default_sqlite_url(env.data_dir), data_dir=env.data_dir
        ),
        telegram=TelegramSettings(
            token=token,
            api_base=env.telegram_api_url.rstrip("/"),
            webhook_secret=env.webhook_secret,
            public_url=env.public_url,
            staff_chat_id=staff_chat_id,
        ),
        conversation=ConversationSettings(
            flood_per_minute=env.flood_per_minute,
            daily_new_cases=env.daily_new_cases,
            hotlines=hotlines,
        ),
        sessions=SessionSettings(
            idle=timedelta(minutes=env.session_idle_minutes),
            absolute=timedelta(hours=env.session_max_hours),
        ),
        queue=QueueSettings(
            timezone=zone,
            sla={**DEFAULT_SLA, **sla},
            districts_file=env.districts_file,
            default_team=(env.default_team or "").strip() or None,
        ),
        retention=RetentionSettings(
            cases=timedelta(days=env.retention_days),
            audit=timedelta(days=env.audit_retention_days),
        ),
        attachments=AttachmentSettings(max_mb=env.attachment_max_mb),
        simulator=SimulatorSettings(enabled=env.simulator, demo_admin_password=password),
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def _variable(name: str) -> str:
    return PREFIX + name.upper()


def _describe(problem: Any) -> str:
    """A pydantic error as the operator wrote it: the variable, what is wrong, the value."""
    name = _variable(str(problem["loc"][0])) if problem.get("loc") else "configuration"
    value = problem.get("input")
    hidden = isinstance(value, dict) or name.endswith(("_TOKEN", "_SECRET", "_PASSWORD"))
    shown = "" if hidden else f" (got {value!r})"
    return f"{name}: {problem['msg']}{shown}"
