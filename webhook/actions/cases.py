"""Staff actions on one case: view, reply, change (status, priority, assignee, outcome,
team), note, and look at an attachment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from bot.relay import relay_staff_reply
from storage import case_actions, notes
from storage.models import Case, CaseNote, Message
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done


def reply(session: Session, actor: Actor, case: Case, text: str) -> Message:
    """Send `text` to the case's reporter; a first reply takes a new case into work.
    Raises bot.relay.RelayError (nothing sent) when the reply cannot be relayed."""
    with all_or_nothing(session):
        message = relay_staff_reply(session, case=case, staff_id=actor.staff_id, text=text)
        case_actions.note_first_response(session, case=case)
    done(session, actor, "reply_sent", case_id=require_id(case))
    return message


def change(
    session: Session,
    actor: Actor,
    case: Case,
    changes: Mapping[str, Any],
    *,
    reason: str | None = None,
    require_reason: bool = False,
) -> list[str]:
    """Change any of status, priority, assignee, outcome and team by the rules of
    storage.case_actions; returns the history events recorded. Raises CaseActionError."""
    reason = (reason or "").strip() or None
    with all_or_nothing(session):
        recorded = case_actions.apply_changes(
            session,
            case=case,
            actor=actor.staff,
            changes=changes,
            reason=reason,
            require_reason=require_reason,
        )
    detail = {**changes, **({"reason": reason} if reason else {})}
    done(session, actor, "case_updated", case_id=require_id(case), detail=detail)
    return recorded


def add_note(session: Session, actor: Actor, case: Case, text: str) -> CaseNote:
    """Keep an internal note on the case. Raises storage.notes.NoteError."""
    case_id = require_id(case)
    with all_or_nothing(session):
        note = notes.add_note(session, case_id=case_id, staff_id=actor.staff_id, text=text)
    done(session, actor, "note_added", case_id=case_id, detail={"note_id": note.id})
    return note
