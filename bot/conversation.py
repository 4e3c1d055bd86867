"""The resident conversation: report first, then optional questions; state in our tables.

`handle` is the one entry: an Inbound in, database changes made in the caller's
transaction, Replies out (emergency numbers always first). Telegram is not known here.
"""

from __future__ import annotations

from sqlmodel import Session

from bot import commands, crisis, questions, reports, visits
from bot.catalog import language_for, t
from bot.inbound import Inbound, Kind, Reply
from bot.menus import (
    ANSWER,
    DETAILS,
    FORGET,
    LANGUAGE,
    NEW_CASE,
    SPLIT,
    VISIT,
    decode,
    menu_command,
)
from bot.states import VISIT_NOTES
from bot.turn import DialogueConfig, Turn, row_id
from storage import erasure, reporter_cases, reporters
from storage.types import utcnow

__all__ = ["DialogueConfig", "handle"]


def handle(session: Session, inbound: Inbound, config: DialogueConfig) -> list[Reply]:
    """Apply one inbound message to the database and return the replies to send, in order."""
    if inbound.chat_id is None or inbound.user_id is None or inbound.kind is Kind.IGNORED:
        return []
    if not inbound.private:
        return _group(session, inbound, config)
    if inbound.kind is Kind.BLOCKED:
        reporter = reporters.find(
            session, channel=inbound.channel, channel_user_id=inbound.channel_user_id
        )
        if reporter is not None:
            reporters.mark_blocked(session, reporter=reporter)
        return []
    language = language_for(inbound.language_code)
    reporter, _ = reporters.get_or_create(
        session,
        channel=inbound.channel,
        channel_user_id=inbound.channel_user_id,
        chat_id=inbound.chat_id,
        language=language,
    )
    if inbound.language_code:
        reporters.follow_language(session, reporter=reporter, language=language)
    turn = Turn(session, reporter, inbound, config)
    warn = False
    if inbound.kind is not Kind.CALLBACK:
        # Button presses answer our questions; only messages count towards flooding.
        turn.quiet, warn = reporters.count_message(
            session,
            reporter=reporter,
            at=inbound.sent_at or utcnow(),
            limit=config.flood_per_minute,
        )
    _dispatch(turn)
    if warn:
        turn.say("flood.notice", essential=True)
    return turn.replies()


def _dispatch(turn: Turn) -> None:
    inbound = turn.inbound
    if inbound.kind is Kind.CALLBACK:
        _pressed(turn)
        return
    if inbound.kind is Kind.COMMAND:
        commands.run(turn, inbound.command or "")
        return
    command = menu_command(inbound.text) if inbound.kind is Kind.TEXT else None
    if command is not None:
        commands.run(turn, command)
        return
    if inbound.kind is Kind.UNSUPPORTED:
        turn.say("unsupported")
        return
    if inbound.kind is Kind.EDIT:
        reports.apply_edit(turn)
        return
    if turn.reporter.state == VISIT_NOTES:
        if visits.take_note(turn):
            return
        visits.leave_notes(turn)
    case = reports.open_case(turn)
    if inbound.kind is Kind.CONTACT and inbound.own_contact and inbound.phone:
        questions.save_phone(turn, case, inbound.phone)
        return
    if case is None:
        reports.new_report(turn)
    elif crisis.takes(turn, case):
        return
    elif not questions.take(turn, case):
        reports.follow_up(turn, case)


def _pressed(turn: Turn) -> None:
    """An inline button: only ever acts on the presser's own case."""
    pressed = decode(turn.inbound.callback_data)
    if pressed is None:
        turn.toast("callback.unavailable")
        return
    if pressed.action == LANGUAGE:
        commands.choose_language(turn, pressed)
        return
    if pressed.action == FORGET:
        commands.forget(turn, pressed)
        return
    if pressed.action == VISIT:
        visits.pressed(turn, pressed)
        return
    case_id = pressed.case_id()
    case = None
    if case_id is not None:
        case = reporter_cases.owned_case(
            turn.session, reporter_id=row_id(turn.reporter), case_id=case_id
        )
    if case is None:
        turn.toast("callback.unavailable")
        return
    if case.status == "closed":
        turn.toast("callback.closed")
        return
    if pressed.action == ANSWER:
        questions.answer(turn, pressed, case)
    elif pressed.action == SPLIT:
        reports.split(turn, pressed, case)
    elif pressed.action == DETAILS:
        turn.toast()
        questions.resume(turn, case)
    elif pressed.action == NEW_CASE:
        commands.confirm_new_report(turn, pressed, case)


def _group(session: Session, inbound: Inbound, config: DialogueConfig) -> list[Reply]:
    """Reports are taken only in private: group content is not kept, commands get a pointer."""
    if inbound.update_id is not None:
        erasure.redact_update(session, update_id=inbound.update_id, why="group")
    if inbound.chat_id == config.staff_chat_id:
        return []
    if inbound.kind not in (Kind.COMMAND, Kind.ADDED_TO_GROUP):
        return []
    assert inbound.chat_id is not None
    language = language_for(inbound.language_code)
    return [Reply(inbound.chat_id, t(language, "private_only"), language)]
