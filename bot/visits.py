"""Visit requests in the volunteer's chat: the request with accept / decline buttons, the
report back (fine / needs help / no answer), then notes and photos for the case timeline.

Every button carries the request id and is checked against the presser: a volunteer can
only ever act on requests made to them, and learns nothing but what staff chose to share.
"""

from __future__ import annotations

from sqlmodel import Session

from bot import urgency
from bot.catalog import t
from bot.inbound import MEDIA_KINDS, Button, Keyboard, Kind, Reply
from bot.menus import VISIT, Pressed, callback
from bot.outgoing import enqueue_reply
from bot.states import IDLE, OPEN, VISIT_NOTES
from bot.turn import Turn, row_id
from storage import cases, reporters, visits
from storage.models import Case, Reporter, VisitRequest, Volunteer

ACCEPT, DECLINE, REPORT, DONE = "a", "d", "r", "done"
RESULT_KEYS = {
    "fine": "visit.result_fine",
    "needs_help": "visit.result_needs_help",
    "no_answer": "visit.result_no_answer",
}
_RESULT_CODES = {"f": "fine", "h": "needs_help", "n": "no_answer"}  # short, for callback data


def _answer_buttons(language: str, request_id: int) -> tuple[tuple[Button, ...], ...]:
    accept = Button(t(language, "visit.accept"), callback(VISIT, request_id, ACCEPT))
    decline = Button(t(language, "visit.decline"), callback(VISIT, request_id, DECLINE))
    return ((accept, decline),)


def _result_buttons(language: str, request_id: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(
        (Button(t(language, RESULT_KEYS[result]), callback(VISIT, request_id, REPORT, code)),)
        for code, result in _RESULT_CODES.items()
    )


def buttons_for(language: str, request: VisitRequest) -> tuple[tuple[Button, ...], ...]:
    """What the volunteer can do next with a request: answer it, or report back."""
    request_id = row_id(request)
    if request.status == "pending":
        return _answer_buttons(language, request_id)
    return _result_buttons(language, request_id)


def send_request(
    session: Session, *, case: Case, volunteer: Volunteer, details: str, staff_id: int | None
) -> VisitRequest:
    """Staff ask a volunteer to look in: the request row and its message, one transaction."""
    reporter = session.get(Reporter, volunteer.reporter_id)
    if reporter is None or not reporter.reachable:
        raise visits.VisitError("this volunteer cannot be reached on Telegram")
    request = visits.create(
        session, case=case, volunteer=volunteer, details=details, staff_id=staff_id
    )
    text = t(reporter.language, "visit.request", number=request.id, details=request.details)
    reply = Reply(
        reporter.chat_id,
        text,
        reporter.language,
        case_id=case.id,
        buttons=_answer_buttons(reporter.language, row_id(request)),
    )
    enqueue_reply(session, reply, timeline=False)
    return request


def reminder(session: Session, *, request: VisitRequest) -> Reply | None:
    """The one reminder of an unanswered request, with the buttons it still needs."""
    volunteer = session.get(Volunteer, request.volunteer_id)
    reporter = session.get(Reporter, volunteer.reporter_id) if volunteer else None
    if reporter is None or not reporter.reachable:
        return None
    language = reporter.language
    text = t(language, "visit.reminder", number=request.id, details=request.details)
    return Reply(
        reporter.chat_id,
        text,
        language,
        case_id=request.case_id,
        buttons=buttons_for(language, request),
    )


def list_open(turn: Turn) -> None:
    """The volunteer's "visit requests" menu: each open request again, with its buttons."""
    requests = visits.open_for(turn.session, reporter_id=row_id(turn.reporter))
    if not requests:
        turn.say("visit.none", keyboard=Keyboard.MENU)
        return
    for request in requests:
        key = "visit.pending_item" if request.status == "pending" else "visit.accepted_item"
        turn.say(
            key,
            buttons=buttons_for(turn.language, request),
            number=request.id,
            details=request.details,
        )


def pressed(turn: Turn, press: Pressed) -> None:
    """A visit request's button: accept, decline, report a result, or finish the notes."""
    request_id = press.visit_id()
    request = None
    if request_id is not None:
        request = visits.owned(
            turn.session, request_id=request_id, reporter_id=row_id(turn.reporter)
        )
    if request is None:
        turn.toast("callback.unavailable")
        return
    action = press.part(1)
    if action in (ACCEPT, DECLINE):
        _answer(turn, request, accept=action == ACCEPT)
    elif action == REPORT and press.part(2) in _RESULT_CODES:
        _report(turn, request, _RESULT_CODES[press.part(2)])
    elif action == DONE:
        turn.toast()
        finish_notes(turn)
    else:
        turn.toast("callback.unavailable")


def _answer(turn: Turn, request: VisitRequest, *, accept: bool) -> None:
    if not visits.answer(turn.session, request=request, accept=accept):
        turn.toast("visit.already_answered")
        return
    turn.toast("callback.saved")
    turn.edit_buttons(turn.inbound.message_id, ())
    if accept:
        turn.say(
            "visit.accepted",
            buttons=_result_buttons(turn.language, row_id(request)),
            number=request.id,
        )
    else:
        turn.say("visit.declined", keyboard=Keyboard.MENU, number=request.id)


def _report(turn: Turn, request: VisitRequest, result: str) -> None:
    if not visits.report(turn.session, request=request, result=result):
        turn.toast("visit.already_answered")
        return
    turn.toast("callback.saved")
    turn.edit_buttons(turn.inbound.message_id, ())
    case = turn.session.get(Case, request.case_id)
    assert case is not None
    label = t(turn.language, RESULT_KEYS[result])
    cases.add_message(
        turn.session,
        case_id=request.case_id,
        direction="in",
        author="volunteer",
        kind="visit_report",
        text=turn.text("visit.timeline_result", number=request.id, result=label),
    )
    _retriage(turn, case)
    reporters.save_state(
        turn.session, reporter=turn.reporter, state=VISIT_NOTES, open_case_id=_own_case(turn)
    )
    turn.reporter.visit_request_id = request.id
    done = Button(turn.text("visit.done"), callback(VISIT, row_id(request), DONE))
    turn.say("visit.reported", buttons=((done,),), number=request.id, result=label)


def take_note(turn: Turn) -> bool:
    """While the volunteer is adding notes: their words and photos go on the visited case."""
    request_id = turn.reporter.visit_request_id
    request = None
    if request_id is not None:
        request = visits.owned(
            turn.session, request_id=request_id, reporter_id=row_id(turn.reporter)
        )
    inbound = turn.inbound
    if request is None or inbound.kind not in (Kind.TEXT, Kind.LOCATION, *MEDIA_KINDS):
        return False
    kind = inbound.kind.value
    text = inbound.text
    if inbound.kind is Kind.LOCATION:
        text = f"{inbound.latitude},{inbound.longitude}"
    message = cases.add_message(
        turn.session,
        case_id=request.case_id,
        direction="in",
        author="volunteer",
        text=text,
        kind=kind,
        telegram_message_id=inbound.message_id,
    )
    if inbound.media is not None and inbound.kind in MEDIA_KINDS:
        cases.add_attachment(
            turn.session,
            case_id=request.case_id,
            message_id=row_id(message),
            kind=kind,
            source_file_id=inbound.media.file_id,
            source_file_unique_id=inbound.media.file_unique_id,
            mime_type=inbound.media.mime_type,
            size=inbound.media.size,
        )
    cases.record_event(
        turn.session,
        case_id=request.case_id,
        kind="visit_note_added",
        data={"visit_request_id": request.id},
    )
    case = turn.session.get(Case, request.case_id)
    if case is not None and inbound.text:
        _retriage(turn, case)
    done = Button(turn.text("visit.done"), callback(VISIT, row_id(request), DONE))
    turn.say("visit.note_added", buttons=((done,),), number=request.id)
    return True


def finish_notes(turn: Turn) -> None:
    """The volunteer is done adding notes: back to their own conversation."""
    leave_notes(turn)
    turn.say("visit.thanks", keyboard=Keyboard.MENU)


def leave_notes(turn: Turn) -> None:
    """Stop taking visit notes (a command or the Done button)."""
    if turn.reporter.state != VISIT_NOTES:
        return
    own = _own_case(turn)
    reporters.save_state(
        turn.session, reporter=turn.reporter, state=OPEN if own else IDLE, open_case_id=own
    )
    turn.reporter.visit_request_id = None


def _own_case(turn: Turn) -> int | None:
    """The volunteer's own open tip, kept while they report on someone else's case."""
    return turn.reporter.open_case_id


def _retriage(turn: Turn, case: Case) -> None:
    """A visit's finding re-triages the case; the staff chat hears if a life is now at risk.

    The volunteer is not the case's reporter, so emergency numbers meant for the reporter
    are not sent; staff are alerted instead.
    """
    was_at_risk = urgency.is_life_at_risk(case)
    cases.retriage(turn.session, case=case)
    if urgency.is_life_at_risk(case) and not was_at_risk:
        urgency.staff_alert(turn, case)
