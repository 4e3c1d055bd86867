"""Triage: how urgent a resident's report is, why, and when staff must act on it.

Pure domain code: standard library only, no I/O, nothing from telegram, fastapi or the
database.
"""

from triage.assessment import Assessment, Reason
from triage.prepared import assess  # computes, or answers from assessments worked out ahead
from triage.priority import Priority
from triage.queue import DEFAULT_SLA, PRIORITY_RANK, due_at, parse_sla, queue_key

__all__ = [
    "DEFAULT_SLA",
    "PRIORITY_RANK",
    "Assessment",
    "Priority",
    "Reason",
    "assess",
    "due_at",
    "parse_sla",
    "queue_key",
]
