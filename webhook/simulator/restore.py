"""Simulated chats that outlive a restart: names on disk, messages from the database.

The transcripts are in memory (webhook/simulator/chats.py), but the cases and their messages
are in the database. So that a restart neither empties the chat list nor sends a later staff
reply to a nameless chat, the people added in the simulator are kept in
`<data dir>/simulator/people.json` (name, language, role: made-up test personas, nothing else),
and their chats are rebuilt from the messages of their cases at start. A chat the bot writes
to that the simulator did not start (a `sagak demo seed` reporter) is named after its newest
case's reference, in the reporter's own language.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.models import Case, Message, Reporter
from webhook.simulator.chats import Chat, ChatLog, Entry

log = logging.getLogger("sagak")


class PeopleFile:
    """The simulated people's names, languages and roles, as JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> list[dict[str, Any]]:
        try:
            people = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            log.warning(
                "simulator: could not read %s (%s); starting with no people", self.path, error
            )
            return []
        return [p for p in people if isinstance(p, dict) and isinstance(p.get("id"), int)]

    def save(self, chats: ChatLog) -> None:
        people = [chat.public() for chat in chats.chats() if chat.role != "group"]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self.path)  # never a half-written file


def restore(chats: ChatLog, people: PeopleFile, engine: Engine) -> int:
    """Bring back the saved people with their messages; returns how many chats."""
    saved = people.load()
    with Session(engine) as session:
        for person in saved:
            chat = chats.restore_person(
                chat_id=person["id"],
                name=str(person.get("name", "")),
                language=str(person.get("language", "ko")),
                role=str(person.get("role", "resident")),
            )
            if chat is not None:
                chats.restore_entries(chat.chat_id, _transcript(session, chat))
    return len(saved)


def _transcript(session: Session, chat: Chat) -> list[Entry]:
    """The messages of every case this person reported, oldest first."""
    rows = session.exec(
        select(Message)
        .join(Case, col(Case.id) == col(Message.case_id))
        .join(Reporter, col(Reporter.id) == col(Case.reporter_id))
        .where(col(Reporter.chat_id) == chat.chat_id)
        .order_by(col(Message.created_at), col(Message.id))
    ).all()
    return [
        Entry(
            message_id=row.telegram_message_id or 0,
            sender="person" if row.direction == "in" else "bot",
            text=row.text or f"[{row.kind}]",
            at=row.created_at.timestamp(),
        )
        for row in rows
    ]


def namer(engine: Engine) -> Callable[[int], tuple[str, str] | None]:
    """Name and language for a chat the bot writes to that the simulator did not start."""

    def name_of(chat_id: int) -> tuple[str, str] | None:
        with Session(engine) as session:
            reporter = session.exec(
                select(Reporter).where(col(Reporter.chat_id) == chat_id)
            ).first()
            if reporter is None:
                return None
            reference = session.exec(
                select(Case.reference)
                .where(col(Case.reporter_id) == reporter.id)
                .order_by(col(Case.id).desc())
            ).first()
            return reference or str(chat_id), reporter.language

    return name_of
