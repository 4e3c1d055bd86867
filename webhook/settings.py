"""Configuration: exactly the SAGAK_* variables of the public interface, also read from .env."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import default_sqlite_url

_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The staff group chat the simulator shows (a Telegram supergroup id is negative).
SIMULATED_STAFF_CHAT_ID = -1000000000001


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SAGAK_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = None
    data_dir: Path = Path("./data")
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    webhook_secret: SecretStr | None = None
    public_url: str | None = None
    staff_chat_id: int | None = None
    # resident conversation (issue 3): see docs/conversation.md.
    flood_per_minute: int = Field(default=20, ge=1)
    daily_new_cases: int = Field(default=5, ge=1)
    hotlines: str | None = None  # e.g. "112,119,109,129,1366" or "112,1234-5678=City line"

    @model_validator(mode="after")
    def _conversation_settings(self) -> Settings:
        from bot.hotlines import parse_hotlines  # webhook may import bot; kept local like above

        parse_hotlines(self.hotlines)  # a wrong list stops the start, not an emergency reply
        return self

    # staff admin (issue 5): a page session ends after this long without a request, and
    # at the latest this long after sign-in.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 7)
    # triage and queue (issue 4): see docs/queue.md.
    timezone: str = "Asia/Seoul"
    sla: str = ""  # e.g. "critical=1h,high=24h,normal=72h,low=7d"; unset levels keep these
    districts_file: str | None = None  # a TOML path, or builtin:seosan
    default_team: str | None = None
    retention_days: int = Field(default=1826, ge=30)
    # Access logs: Korean guidance keeps them one to two years (storage/retention.py).
    audit_retention_days: int = Field(default=730, ge=365)

    @model_validator(mode="after")
    def _queue_settings(self) -> Settings:
        # Imported here so this file's imports stay as the other settings need them.
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from triage import parse_sla

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"SAGAK_TIMEZONE: unknown time zone {self.timezone!r}") from error
        try:
            parse_sla(self.sla)
        except ValueError as error:
            raise ValueError(f"SAGAK_SLA: {error}") from error
        self.default_team = (self.default_team or "").strip() or None
        return self

    @model_validator(mode="after")
    def _secret_with_token(self) -> Settings:
        if self.telegram_token is not None and not self.telegram_token.get_secret_value():
            self.telegram_token = None
        if self.telegram_token is not None and not self.webhook_secret:
            raise ValueError(
                "SAGAK_WEBHOOK_SECRET is required when SAGAK_TELEGRAM_TOKEN is set "
                "(Telegram sends it in X-Telegram-Bot-Api-Secret-Token)"
            )
        if self.webhook_secret is not None:
            value = self.webhook_secret.get_secret_value()
            if not _SECRET_PATTERN.fullmatch(value):
                raise ValueError(
                    "SAGAK_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
                    "(Telegram's rule for secret_token)"
                )
        return self

    # simulator (issue 6): see docs/operations.md. None: `sagak serve` turns it on when no
    # token is set; True together with a token is refused (a demo must never reach Telegram).
    simulator: bool | None = None
    demo_admin_password: SecretStr | None = None

    @model_validator(mode="after")
    def _simulator_settings(self) -> Settings:
        if self.simulator and self.telegram_token is not None:
            raise ValueError(
                "SAGAK_SIMULATOR is on but SAGAK_TELEGRAM_TOKEN is set: the simulator only runs "
                "without a real bot token (unset one of them)"
            )
        given = self.demo_admin_password
        if given is not None and len(given.get_secret_value()) < 10:
            raise ValueError("SAGAK_DEMO_ADMIN_PASSWORD must be at least 10 characters")
        if self.simulator and self.staff_chat_id is None:
            self.staff_chat_id = SIMULATED_STAFF_CHAT_ID  # alerts show in the simulator
        return self

    # KakaoTalk channel: see docs/operations.md ("KakaoTalk").
    kakao_skill_secret: SecretStr | None = None
    kakao_bot_id: str | None = None
    kakao_rest_api_key: SecretStr | None = None
    kakao_api_url: str = "https://bot-api.kakao.com"
    kakao_event_name: str = Field(default="sagak_reply", min_length=1, max_length=64)

    @model_validator(mode="after")
    def _kakao_settings(self) -> Settings:
        if self.kakao_skill_secret is not None and not self.kakao_skill_secret.get_secret_value():
            self.kakao_skill_secret = None
        self.kakao_bot_id = (self.kakao_bot_id or "").strip() or None
        if self.kakao_rest_api_key is not None:
            if not self.kakao_rest_api_key.get_secret_value():
                self.kakao_rest_api_key = None
            elif self.kakao_bot_id is None:
                raise ValueError(
                    "SAGAK_KAKAO_BOT_ID is required when SAGAK_KAKAO_REST_API_KEY is set "
                    "(the Event API address names the bot)"
                )
        return self

    @property
    def kakao_enabled(self) -> bool:
        return self.kakao_skill_secret is not None

    @property
    def database(self) -> str:
        return self.database_url or default_sqlite_url(self.data_dir)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None

    @property
    def api_base(self) -> str:
        return self.telegram_api_url.rstrip("/")
