"""Internal notes on a case: for staff only, never relayed to the reporter."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import CaseNote

MAX_NOTE_LENGTH = 4000


class NoteError(ValueError):
    """The note is empty or too long."""


def add_note(session: Session, *, case_id: int, staff_id: int | None, text: str) -> CaseNote:
    """Keep a note on the case; raises NoteError for empty or overlong text."""
    text = text.strip()
    if not text:
        raise NoteError("note is empty")
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteError(f"note is longer than {MAX_NOTE_LENGTH} characters")
    note = CaseNote(case_id=case_id, staff_id=staff_id, text=text)
    session.add(note)
    session.flush()
    return note


def notes_for_case(session: Session, *, case_id: int) -> list[CaseNote]:
    """A case's notes, oldest first."""
    return list(
        session.exec(
            select(CaseNote).where(col(CaseNote.case_id) == case_id).order_by(col(CaseNote.id))
        ).all()
    )
