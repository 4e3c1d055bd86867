"""The four triage levels a case can carry."""

from __future__ import annotations

import enum


class Priority(enum.StrEnum):
    """How soon staff must act on a case; the value is what the API and database store."""

    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"
