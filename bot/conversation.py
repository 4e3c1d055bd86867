"""The resident conversation: report first, then optional questions; state in our tables."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.catalog import all_translations, language_for, t
from bot.inbound import MEDIA_KINDS, Inbound, Keyboard, Kind, Reply
from storage import cases, reporters, volunteers
from storage.models import Case, Message, Reporter
from triage import assess

IDLE = "idle"
AWAITING_LOCATION = "awaiting_location"
OPEN = "open"


_INVITE_REPLIES = {
    volunteers.Redeemed.WELCOME: "invite.welcome",
    volunteers.Redeemed.ALREADY: "invite.already",
    volunteers.Redeemed.UNKNOWN: "invite.unknown",
    volunteers.Redeemed.USED: "invite.used",
    volunteers.Redeemed.EXPIRED: "invite.expired",
}


@dataclass(frozen=True)
class DialogueConfig:
    staff_chat_id: int | None = None
    staff_language: str = "ko"


def handle(session: Session, inbound: Inbound, config: DialogueConfig) -> list[Reply]:
    """Apply one inbound message to the database and return the replies to send, in order."""
    if inbound.chat_id is None or inbound.user_id is None or inbound.kind is Kind.IGNORED:
        return []
    if not inbound.private:
        if inbound.chat_id == config.staff_chat_id or inbound.kind is not Kind.COMMAND:
            return []
        return [Reply(inbound.chat_id, t(language_for(inbound.language_code), "private_only"))]
    reporter, _ = reporters.get_or_create(
        session,
        telegram_user_id=inbound.user_id,
        chat_id=inbound.chat_id,
        language=language_for(inbound.language_code),
    )
    if inbound.kind is Kind.BLOCKED:
        reporter.reachable = False
        session.add(reporter)
        return []
    if inbound.kind is Kind.COMMAND:
        return _command(session, reporter, inbound)
    if inbound.kind is Kind.UNSUPPORTED:
        return [_say(reporter, "unsupported")]
    case = _open_case(session, reporter)
    if case is None:
        if inbound.kind is Kind.EDIT:
            return []
        return _new_report(session, reporter, inbound, config)
    return _follow_up(session, reporter, case, inbound, config)


def _command(session: Session, reporter: Reporter, inbound: Inbound) -> list[Reply]:
    if inbound.command == "new":
        reporters.save_state(session, reporter=reporter, state=IDLE, open_case_id=None)
        return [_say(reporter, "report.new_prompt", keyboard=Keyboard.REMOVE)]
    if inbound.command == "skip" and reporter.state == AWAITING_LOCATION:
        return _skip_location(session, reporter)
    if inbound.command == "start" and inbound.argument:
        outcome, name = volunteers.redeem(session, code=inbound.argument, reporter=reporter)
        return [_say(reporter, _INVITE_REPLIES[outcome], name=name)]
    if inbound.command == "start":
        return [_say(reporter, "start.greeting")]
    return [_say(reporter, "help")]


def _open_case(session: Session, reporter: Reporter) -> Case | None:
    if reporter.open_case_id is None:
        return None
    case = session.get(Case, reporter.open_case_id)
    if case is None or case.status == "closed":
        return None
    return case


def _new_report(
    session: Session, reporter: Reporter, inbound: Inbound, config: DialogueConfig
) -> list[Reply]:
    text = inbound.text or (t(reporter.language, "report.photo_only") if inbound.media else "")
    if inbound.kind is Kind.LOCATION or not text:
        # A location alone says nothing about who needs help: ask for the report first.
        return [_say(reporter, "report.new_prompt")]
    assessment = assess(text, reporter.language)
    source = "volunteer" if reporter.role == "volunteer" else "resident"
    case = cases.create_case(
        session, reporter_id=_id(reporter), text=text, assessment=assessment, source=source
    )
    case_id = _id(case)
    _record_inbound(session, case_id, inbound, text)
    reporters.save_state(session, reporter=reporter, state=AWAITING_LOCATION, open_case_id=case_id)
    receipt = "\n\n".join(
        (
            t(reporter.language, "report.receipt", reference=case.reference),
            t(reporter.language, "report.ask_location"),
        )
    )
    replies = [_reply(reporter, receipt, Keyboard.ASK_LOCATION, case_id)]
    if assessment.imminent_danger:
        # The emergency numbers are the very first thing the reporter reads.
        replies.insert(0, _say(reporter, "emergency.numbers", case_id=case_id))
        replies.extend(_staff_alert(session, case, config))
    return replies


def _follow_up(
    session: Session, reporter: Reporter, case: Case, inbound: Inbound, config: DialogueConfig
) -> list[Reply]:
    case_id = _id(case)
    text = inbound.text
    if reporter.state == AWAITING_LOCATION:
        if inbound.kind is Kind.TEXT and text.strip() in all_translations("button.skip"):
            return _skip_location(session, reporter)
        if inbound.kind is Kind.LOCATION or inbound.kind is Kind.TEXT:
            return _take_location(session, reporter, case, inbound)
    _record_inbound(session, case_id, inbound, text)
    if inbound.kind is Kind.LOCATION:
        _set_location(case, inbound)
        session.add(case)
    replies: list[Reply] = []
    if inbound.kind is not Kind.EDIT:
        replies.append(
            _say(reporter, "report.followup_added", case_id=case_id, reference=case.reference)
        )
    if text:
        assessment = assess(text, reporter.language)
        raised = cases.reassess(session, case=case, assessment=assessment)
        if raised and assessment.imminent_danger:
            replies.insert(0, _say(reporter, "emergency.numbers", case_id=case_id))
            replies.extend(_staff_alert(session, case, config))
    return replies


def _take_location(
    session: Session, reporter: Reporter, case: Case, inbound: Inbound
) -> list[Reply]:
    case_id = _id(case)
    _record_inbound(session, case_id, inbound, inbound.text)
    if inbound.kind is Kind.LOCATION:
        _set_location(case, inbound)
        key = "report.location_saved"
    else:
        case.address = inbound.text.strip()
        key = "report.address_saved"
    session.add(case)
    cases.record_event(session, case_id=case_id, kind="location_added")
    reporters.save_state(session, reporter=reporter, state=OPEN, open_case_id=case_id)
    return [
        _say(reporter, key, keyboard=Keyboard.REMOVE, case_id=case_id, reference=case.reference)
    ]


def _skip_location(session: Session, reporter: Reporter) -> list[Reply]:
    case_id = reporter.open_case_id
    case = session.get(Case, case_id) if case_id else None
    reporters.save_state(session, reporter=reporter, state=OPEN, open_case_id=case_id)
    reference = case.reference if case else ""
    return [
        _say(
            reporter,
            "report.location_skipped",
            keyboard=Keyboard.REMOVE,
            case_id=case_id,
            reference=reference,
        )
    ]


def _set_location(case: Case, inbound: Inbound) -> None:
    case.latitude = inbound.latitude
    case.longitude = inbound.longitude


def _record_inbound(session: Session, case_id: int, inbound: Inbound, text: str) -> None:
    kind = inbound.kind.value
    if inbound.kind is Kind.LOCATION:
        text = f"{inbound.latitude},{inbound.longitude}"
    message = cases.add_message(
        session,
        case_id=case_id,
        direction="in",
        author="reporter",
        text=text,
        kind=kind,
        telegram_message_id=inbound.message_id,
    )
    if inbound.media is not None and inbound.kind in MEDIA_KINDS:
        cases.add_attachment(
            session,
            case_id=case_id,
            message_id=_id(message),
            kind=kind,
            telegram_file_id=inbound.media.file_id,
            telegram_file_unique_id=inbound.media.file_unique_id,
            mime_type=inbound.media.mime_type,
            size=inbound.media.size,
        )


def _staff_alert(session: Session, case: Case, config: DialogueConfig) -> list[Reply]:
    if config.staff_chat_id is None:
        return []
    cases.record_event(session, case_id=_id(case), kind="staff_alerted")
    reasons = ", ".join(sorted({str(r["code"]) for r in case.reasons})) or "-"
    text = t(
        config.staff_language,
        "staff.alert",
        reference=case.reference,
        priority=case.priority,
        reasons=reasons,
    )
    return [Reply(config.staff_chat_id, text, config.staff_language)]


def _say(
    reporter: Reporter,
    key: str,
    *,
    keyboard: Keyboard = Keyboard.NONE,
    case_id: int | None = None,
    **values: object,
) -> Reply:
    return _reply(reporter, t(reporter.language, key, **values), keyboard, case_id)


def _reply(reporter: Reporter, text: str, keyboard: Keyboard, case_id: int | None) -> Reply:
    return Reply(reporter.chat_id, text, reporter.language, keyboard, case_id)


def _id(row: Case | Reporter | Message) -> int:
    assert row.id is not None, "flush before using the id"
    return row.id
