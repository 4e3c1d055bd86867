"""The audit trail: every access to personal data and every action, kept for review."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from storage.models import AuditEntry, Staff


def record(
    session: Session,
    *,
    action: str,
    staff: Staff | None = None,
    actor: str | None = None,
    case_id: int | None = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry in the caller's transaction, so it commits with the action."""
    session.add(
        AuditEntry(
            actor=actor or (f"staff:{staff.username}" if staff else "system"),
            staff_id=staff.id if staff else None,
            action=action,
            case_id=case_id,
            ip=ip,
            detail=detail or {},
        )
    )
