"""Telegram: Bot API updates in (intake, adapter), Bot API calls out (dispatcher)."""
