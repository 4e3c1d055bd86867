"""Configuration: exactly the SAGAK_* variables of the public interface, also read from .env."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.db import default_sqlite_url

_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


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

    @property
    def database(self) -> str:
        return self.database_url or default_sqlite_url(self.data_dir)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None

    @property
    def api_base(self) -> str:
        return self.telegram_api_url.rstrip("/")
