"""What a reporter is told when a file they sent is not kept (any channel)."""

from __future__ import annotations

from bot.catalog import t
from storage import attachments
from storage.attachments import Limits

REFUSAL_KEYS = {
    attachments.TOO_LARGE: "attachment.refused.too_large",
    attachments.UNKNOWN_TYPE: "attachment.refused.unknown_type",
}


def refusal_text(language: str, reason: str, limits: Limits) -> str:
    """Why the file was not kept, and that the report itself was received."""
    return t(language, REFUSAL_KEYS[reason], max_mb=limits.max_mb)
