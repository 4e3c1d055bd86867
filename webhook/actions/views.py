"""Staff looked at personal data: each look is an audit entry (the privacy law asks for
access logs), committed with whatever the request read."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from storage.models import Attachment, Case
from storage.rows import require_id
from webhook.actions import Actor, done


def view_queue(
    session: Session, actor: Actor, *, count: int, filters: dict[str, Any] | None = None
) -> None:
    """Staff looked at the queue: `count` cases listed, chosen by `filters`."""
    done(session, actor, "queue_viewed", detail={"count": count, **(filters or {})})


def view_case(session: Session, actor: Actor, case: Case) -> None:
    """Staff opened a case: its timeline holds personal data, so the look is audited."""
    done(session, actor, "case_viewed", case_id=require_id(case))


def view_attachment(session: Session, actor: Actor, attachment: Attachment) -> None:
    """Staff opened a photo, voice note or document of a case."""
    done(
        session,
        actor,
        "attachment_viewed",
        case_id=attachment.case_id,
        detail={"attachment_id": require_id(attachment), "kind": attachment.kind},
    )


def view_household(session: Session, actor: Actor, case: Case) -> None:
    """Staff looked at the reports linked to a case."""
    done(session, actor, "household_viewed", case_id=require_id(case))


def view_volunteers(session: Session, actor: Actor) -> None:
    """Staff looked at the list of volunteers."""
    done(session, actor, "volunteers_viewed")


def view_audit(session: Session, actor: Actor, *, filters: dict[str, Any]) -> None:
    """An admin read the audit trail (with these filters)."""
    done(session, actor, "audit_viewed", detail=filters)


def export_audit(session: Session, actor: Actor, *, rows: int, filters: dict[str, Any]) -> None:
    """An admin downloaded `rows` entries of the audit trail."""
    done(session, actor, "audit_exported", detail={"rows": rows, **filters})


def export_stats(session: Session, actor: Actor, *, weeks: int) -> None:
    """Staff downloaded the weekly figures."""
    done(session, actor, "stats_exported", detail={"weeks": weeks})
