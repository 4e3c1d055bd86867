"""Commands and the main menu: /start, /new, /cases, /language, /help, /cancel, /forget."""

from __future__ import annotations

from datetime import timedelta

from bot import questions, reports, resources, visits
from bot.catalog import LANGUAGES, t
from bot.hotlines import describe
from bot.inbound import Button, Keyboard
from bot.menus import DETAILS, FORGET, LANGUAGE, NEW_CASE, Pressed, callback
from bot.states import IDLE, OPEN, QUESTIONS, VISIT_NOTES
from bot.turn import Turn, row_id
from storage import erasure, reporter_cases, reporters, volunteers
from storage.models import Case
from storage.types import utcnow
from storage.vocabulary import ReporterRole

# Registered with Telegram (setMyCommands) in every language, in this order.
BOT_COMMANDS = {
    "new": "command.new",
    "cases": "command.cases",
    "language": "command.language",
    "help": "command.help",
    "cancel": "command.cancel",
    "forget": "command.forget",
}

# What a reporter may learn about their case: never anything about the person reported.
_REPORTER_STATUS = {
    "new": "status.received",
    "in_progress": "status.checking",
    "help_arranged": "status.arranged",
    "closed": "status.closed",
}

_INVITE_REPLIES = {
    volunteers.Redeemed.WELCOME: "invite.welcome",
    volunteers.Redeemed.ALREADY: "invite.already",
    volunteers.Redeemed.UNKNOWN: "invite.unknown",
    volunteers.Redeemed.USED: "invite.used",
    volunteers.Redeemed.EXPIRED: "invite.expired",
}


def bot_commands(language: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands in one language."""
    return [(command, t(language, key)) for command, key in BOT_COMMANDS.items()]


def run(turn: Turn, command: str) -> None:
    """Carry out a command (or the menu button standing for it)."""
    if turn.reporter.state == VISIT_NOTES:
        visits.leave_notes(turn)
    case = reports.open_case(turn)
    volunteer = turn.reporter.role == ReporterRole.VOLUNTEER
    if command == "start" and turn.inbound.argument:
        outcome, name = volunteers.redeem(
            turn.session, code=turn.inbound.argument, reporter=turn.reporter
        )
        turn.say(_INVITE_REPLIES[outcome], keyboard=Keyboard.MENU, name=name)
    elif command == "start":
        _leave_questions(turn, case)
        numbers = ", ".join(h.number for h in turn.config.hotlines)
        period = _retention_period(turn)
        turn.say("start.greeting", keyboard=Keyboard.MENU, numbers=numbers, period=period)
    elif command in ("new", "tip"):
        request_new_report(turn, case)
    elif command == "cases":
        my_cases(turn)
    elif command == "visits" and volunteer:
        visits.list_open(turn)
    elif command == "language":
        rows = tuple(
            (Button(t(code, "language.name"), callback(LANGUAGE, code)),) for code in LANGUAGES
        )
        turn.say("language.choose", buttons=rows)
    elif command == "emergency":
        turn.say("emergency.list", hotlines=describe(turn.language, turn.config.hotlines))
    elif command == "cancel":
        questions.cancel(turn, case)
    elif command == "skip" and case is not None and turn.reporter.state in QUESTIONS:
        questions.skip(turn, case)
    elif command == "forget":
        yes = Button(turn.text("forget.yes"), callback(FORGET, "y"))
        no = Button(turn.text("forget.no"), callback(FORGET, "n"))
        turn.say("forget.confirm", buttons=((yes,), (no,)))
    else:
        hotlines = describe(turn.language, turn.config.hotlines)
        turn.say("help", keyboard=Keyboard.MENU, hotlines=hotlines)
        if command == "help":
            resources.list_partners(turn, place=turn.inbound.argument)


def _retention_period(turn: Turn) -> str:
    """How long data is kept, as the privacy notice says it: whole years (365 or 366 days
    each: 1826 days is five years), else days."""
    days = turn.config.retention_days
    years = round(days / 365.25)
    if years == 1 and abs(days - 365.25) <= 1:
        return turn.text("privacy.period_one_year")
    if years > 1 and abs(days - years * 365.25) <= 1:
        return turn.text("privacy.period_years", count=years)
    return turn.text("privacy.period_days", count=days)


def request_new_report(turn: Turn, case: Case | None) -> None:
    """/new: the next words start a new case; past the daily number, ask first."""
    since = utcnow() - timedelta(days=1)
    today = reporter_cases.count_created_since(
        turn.session, reporter_id=row_id(turn.reporter), since=since
    )
    if case is not None and today >= turn.config.daily_new_cases:
        case_id = row_id(case)
        yes = Button(turn.text("newcase.yes"), callback(NEW_CASE, case_id, "y"))
        no = Button(
            turn.text("newcase.no", reference=case.reference), callback(NEW_CASE, case_id, "n")
        )
        turn.say("newcase.confirm", buttons=((yes,), (no,)), count=today, reference=case.reference)
        return
    reporters.save_state(turn.session, reporter=turn.reporter, state=IDLE, open_case_id=None)
    _prompt_new(turn)


def _prompt_new(turn: Turn) -> None:
    """Ask for the report; a volunteer hears what their field tip will ask after it."""
    key = "tip.prompt" if turn.reporter.role == ReporterRole.VOLUNTEER else "report.new_prompt"
    turn.say(key, keyboard=Keyboard.MENU)


def confirm_new_report(turn: Turn, pressed: Pressed, case: Case) -> None:
    turn.toast()
    if pressed.part(1) == "y":
        reporters.save_state(turn.session, reporter=turn.reporter, state=IDLE, open_case_id=None)
        _prompt_new(turn)
    else:
        reporters.save_state(
            turn.session, reporter=turn.reporter, state=OPEN, open_case_id=row_id(case)
        )
        turn.say("newcase.kept", keyboard=Keyboard.MENU, reference=case.reference)


def my_cases(turn: Turn) -> None:
    """/cases: each report's reference and a reporter-safe status, nothing about the person."""
    rows = reporter_cases.cases_of(turn.session, reporter_id=row_id(turn.reporter))
    tips = turn.reporter.role == ReporterRole.VOLUNTEER
    if not rows:
        turn.say("tips.none" if tips else "cases.none", keyboard=Keyboard.MENU)
        return
    lines = [
        turn.text(
            "cases.item",
            reference=case.reference,
            status=turn.text(_REPORTER_STATUS.get(case.status, "status.checking")),
        )
        for case in rows
    ]
    details = tuple(
        (
            Button(
                turn.text("cases.add_details", reference=case.reference),
                callback(DETAILS, row_id(case)),
            ),
        )
        for case in rows
        if case.status != "closed"
    )
    title = turn.text("tips.title" if tips else "cases.title")
    turn.send("\n".join([title, *lines]), buttons=details)


def choose_language(turn: Turn, pressed: Pressed) -> None:
    language = pressed.part(0)
    if language not in LANGUAGES:
        turn.toast("callback.unavailable")
        return
    reporters.choose_language(turn.session, reporter=turn.reporter, language=language)
    turn.toast()
    # The menu is sent again: its buttons are in the new language.
    turn.say("language.changed", keyboard=Keyboard.MENU)


def forget(turn: Turn, pressed: Pressed) -> None:
    """/forget confirmed: erase the reporter's identity; the reports stay with staff."""
    turn.toast()
    if pressed.part(0) != "y":
        turn.say("forget.kept", keyboard=Keyboard.MENU)
        return
    # Said before the erasure: afterwards the reporter row no longer knows the chat.
    turn.say("forget.done", keyboard=Keyboard.REMOVE, essential=True)
    erasure.forget_reporter(turn.session, reporter=turn.reporter, update_id=turn.inbound.update_id)


def _leave_questions(turn: Turn, case: Case | None) -> None:
    if turn.reporter.state in QUESTIONS:
        state = OPEN if case is not None else IDLE
        reporters.save_state(
            turn.session,
            reporter=turn.reporter,
            state=state,
            open_case_id=case.id if case else None,
        )
