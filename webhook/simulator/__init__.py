"""The local simulator: a stand-in for Telegram's servers and a web chat to play residents.

`sagak serve` without SAGAK_TELEGRAM_TOKEN runs it. The bot code is the same as with real
Telegram: python-telegram-bot talks HTTP to the stand-in (botapi.py) instead of
api.telegram.org, and what a person does in the web chat (routes.py) becomes a
Telegram-shaped update stored in the same inbox the webhook fills.
"""
