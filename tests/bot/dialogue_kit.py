"""Dialogue tests without a server: a person's chat played through `bot.conversation.handle`.

Each turn runs as the inbox runs one (`bot.processing`): `handle` in one transaction on a
real database, every reply put in the outbox, then commit. Replies come back as the
channel-neutral `Reply` objects the conversation produces, so tests read text, buttons,
keyboard and language directly, with no Bot API and no polling.

Who the person is (the ids an Inbound carries and the column that finds their Reporter row)
is spelled out only in `Person` and `Dialogue.reporter`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import language_for, t
from bot.conversation import DialogueConfig, handle
from bot.inbound import Button, Inbound, Keyboard, Kind, MediaFile, Method, Reply
from bot.outgoing import enqueue_reply
from storage.models import Case, CaseEvent, Message, Reporter

STAFF_CHAT_ID = -100777
REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    """Someone in a private chat with the bot (their chat id is their user id)."""

    id: int
    language_code: str | None = "ko"

    def inbound(self, kind: Kind, *, message_id: int | None = None, **fields: Any) -> Inbound:
        return Inbound(
            kind=kind,
            chat_id=self.id,
            user_id=self.id,
            language_code=self.language_code,
            message_id=next(_ids) if message_id is None else message_id,
            update_id=next(_ids),
            **fields,
        )


@dataclass
class Dialogue:
    """One person's chat: each call is one turn; it returns the replies to that person.

    Replies to anyone else (the staff chat) collect in `staff`; every reply of every turn,
    in order, in `log`."""

    engine: Engine
    person: Person
    config: DialogueConfig = field(
        default_factory=lambda: DialogueConfig(staff_chat_id=STAFF_CHAT_ID)
    )
    staff: list[Reply] = field(default_factory=list)
    log: list[Reply] = field(default_factory=list)

    @property
    def language(self) -> str:
        return language_for(self.person.language_code)

    def play(self, inbound: Inbound) -> list[Reply]:
        """One turn, as the inbox worker plays it: handle, outbox, commit."""
        with Session(self.engine, expire_on_commit=False) as session:
            replies = handle(session, inbound, self.config)
            for reply in replies:
                enqueue_reply(session, reply)
            session.commit()
        self.log.extend(replies)
        self.staff.extend(r for r in replies if r.chat_id != self.person.id)
        return [r for r in replies if r.chat_id == self.person.id]

    def say(self, text: str, *, sent_at: datetime | None = None) -> list[Reply]:
        """Typed words (a leading slash makes them a command, as Telegram marks them)."""
        if text.startswith("/"):
            head, _, argument = text.partition(" ")
            return self.play(
                self.person.inbound(
                    Kind.COMMAND, text=text, command=head[1:].lower(), argument=argument.strip()
                )
            )
        return self.play(self.person.inbound(Kind.TEXT, text=text, sent_at=sent_at))

    def text_message(self, text: str) -> tuple[int, list[Reply]]:
        """Typed words; also returns the chat message's id (to edit it later)."""
        inbound = self.person.inbound(Kind.TEXT, text=text)
        assert inbound.message_id is not None
        return inbound.message_id, self.play(inbound)

    def edit(self, message_id: int, text: str) -> list[Reply]:
        return self.play(self.person.inbound(Kind.EDIT, text=text, message_id=message_id))

    def press(self, data: str, *, message_id: int = 900) -> list[Reply]:
        """Press an inline button (`message_id`: the message the button is under)."""
        return self.play(
            self.person.inbound(
                Kind.CALLBACK,
                callback_data=data,
                callback_id=f"cb-{next(_ids)}",
                message_id=message_id,
            )
        )

    def press_on(self, reply: Reply, suffix: str) -> list[Reply]:
        """Press the button under `reply` whose data ends with `:suffix`."""
        return self.press(data_for(reply, suffix))

    def location(self, latitude: float, longitude: float) -> list[Reply]:
        return self.play(self.person.inbound(Kind.LOCATION, latitude=latitude, longitude=longitude))

    def media(self, kind: Kind, file_id: str = "FILE-1", caption: str = "") -> list[Reply]:
        media = MediaFile(file_id, f"u-{file_id}", size=12345)
        return self.play(self.person.inbound(kind, media=media, text=caption))

    def contact(self, phone: str, *, own: bool = True) -> list[Reply]:
        return self.play(
            self.person.inbound(Kind.CONTACT, text=phone, phone=phone, own_contact=own)
        )

    def unsupported(self) -> list[Reply]:
        return self.play(self.person.inbound(Kind.UNSUPPORTED))

    def blocks_bot(self) -> list[Reply]:
        return self.play(self.person.inbound(Kind.BLOCKED))

    # What is stored.

    def reporter(self) -> Reporter:
        with Session(self.engine) as session:
            return session.exec(
                select(Reporter).where(
                    col(Reporter.channel) == "telegram",
                    col(Reporter.channel_user_id) == str(self.person.id),
                )
            ).one()

    def cases(self) -> list[Case]:
        reporter_id = self.reporter().id
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(Case).where(col(Case.reporter_id) == reporter_id).order_by(col(Case.id))
                ).all()
            )

    def case(self) -> Case:
        [case] = self.cases()
        return case

    def state(self) -> str:
        return self.reporter().state

    def events(self, case_id: int | None) -> list[str]:
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(CaseEvent.kind)
                    .where(col(CaseEvent.case_id) == case_id)
                    .order_by(col(CaseEvent.id))
                ).all()
            )

    def words(self, case_id: int | None, direction: str | None = "in") -> list[str]:
        """What the person said on a case's timeline, in order (direction None: both ways)."""
        query = select(Message.text).where(col(Message.case_id) == case_id)
        if direction is not None:
            query = query.where(col(Message.direction) == direction)
        with Session(self.engine) as session:
            rows = session.exec(query.order_by(col(Message.id))).all()
            return [text or "" for text in rows]

    # Shortcuts for the common steps.

    def report(self, text: str) -> Reply:
        """A first report that triage does not rate critical; returns the receipt."""
        [receipt] = self.say(text)
        assert receipt.text.endswith(t(self.language, "question.danger")), receipt.text
        return receipt

    def no_danger(self, receipt: Reply | None = None) -> Reply:
        """Answer "may a life be in danger?" with no (pressed on `receipt`, else typed);
        returns the next question, "where?"."""
        if receipt is not None:
            *_, where = self.press_on(receipt, "no")
        else:
            [where] = self.say(t(self.language, "answer.danger_no"))
        assert where.text == t(self.language, "report.ask_location")
        return where


def sent(replies: list[Reply]) -> list[Reply]:
    """The new messages among replies (not toasts or redrawn buttons)."""
    return [r for r in replies if r.method is Method.SEND]


def texts(replies: list[Reply]) -> list[str]:
    return [r.text for r in sent(replies)]


def labels(reply: Reply) -> list[str]:
    return [button.text for row in reply.buttons for button in row]


def flat(reply: Reply) -> list[Button]:
    return [button for row in reply.buttons for button in row]


def data_for(reply: Reply, suffix: str) -> str:
    """The callback data of the button under `reply` whose data ends with `:suffix`."""
    for button in flat(reply):
        if button.data.endswith(f":{suffix}"):
            return button.data
    raise AssertionError(f"no button ending in {suffix!r} in {flat(reply)}")


def reference_in(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, f"no reference in {text!r}"
    return match.group(0)


def asks_location(reply: Reply) -> bool:
    return reply.keyboard is Keyboard.ASK_LOCATION
