"""The optional questions after the receipt: each skippable, each answerable later.

Whether a life may be in danger right now (first, unless triage already said so), where,
who (age band; household), what kind of crisis, how urgent,
photos, and whether staff may contact the reporter. Fixed choices are inline buttons whose
data carries the case id, so pressing an old question's button later still updates the
right case. Every answer goes into Case.facts and re-triages the case at once.
"""

from __future__ import annotations

import re

from bot import address_words, answers, crisis, reports, urgency
from bot.address_words import Reading
from bot.answers import CONTACT_ANSWERS, DONE, HOUSEHOLD_ANSWERS, PROMPT, SKIP, STATE, draw
from bot.catalog import all_translations
from bot.inbound import MEDIA_KINDS, Button, Keyboard, Kind
from bot.menus import ANSWER, Pressed, callback
from bot.states import (
    AGE,
    CONTACT,
    CRISIS,
    DANGER,
    FLOW,
    HOUSEHOLD,
    LOCATION,
    OPEN,
    PHONE,
    PHOTOS,
    QUESTIONS,
    SEEN,
    SIGNS,
    URGENCY,
    VOLUNTEER_FLOW,
)
from bot.turn import Turn, row_id
from storage import cases, reporter_cases, reporters
from storage.life_at_risk import DANGER_NOW, YES, is_self_crisis
from storage.models import Case
from storage.vocabulary import ConversationState, Priority, ReporterRole

_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{7,18}[0-9]")


def ask(turn: Turn, case: Case, state: ConversationState) -> None:
    """Ask one question about `case` and remember that it is being asked."""
    case_id = row_id(case)
    reporters.save_state(turn.session, reporter=turn.reporter, state=state, open_case_id=case_id)
    if state == LOCATION:
        turn.say("report.ask_location", keyboard=Keyboard.ASK_LOCATION, case_id=case_id)
        return
    turn.say(PROMPT[state], buttons=draw(turn, case, state), case_id=case_id)


def answer(turn: Turn, pressed: Pressed, case: Case) -> None:
    """A question's button was pressed: apply the answer, then move on if it was current."""
    state, value = STATE.get(pressed.part(1)), pressed.part(2)
    if state is None:
        turn.toast("callback.unavailable")
        return
    changes, final = answers.changes(case, state, value)
    if changes is None:
        turn.toast("callback.unavailable")
        return
    turn.toast("callback.saved" if changes or (state == CONTACT and value != SKIP) else None)
    if state == DANGER and changes:
        _danger(turn, case, value)
    elif changes and reporter_cases.set_facts(turn.session, case=case, changes=changes):
        turn.edit_buttons(turn.inbound.message_id, draw(turn, case, state))
        urgency.retriage(turn, case)
    if state == CONTACT and value in CONTACT_ANSWERS:
        _contact_answer(turn, case, consent=value == "yes")
        return
    current = turn.reporter.open_case_id == case.id and turn.reporter.state == state
    if final and current:
        advance(turn, case, state)


def _danger(turn: Turn, case: Case, value: str) -> None:
    """An answer to "may a life be in danger right now?", pressed or typed; a "yes" gives
    the numbers every time it is said, even when nothing changed."""
    changed = reporter_cases.set_facts(turn.session, case=case, changes={DANGER_NOW: value})
    if changed and turn.inbound.kind is Kind.CALLBACK:
        turn.edit_buttons(turn.inbound.message_id, draw(turn, case, DANGER))
    if changed or value == YES:
        urgency.danger_answered(turn, case, value)


def _contact_answer(turn: Turn, case: Case, *, consent: bool) -> None:
    case_id = row_id(case)
    reporters.set_contact(turn.session, reporter=turn.reporter, consent=consent)
    cases.record_event(
        turn.session, case_id=case_id, kind="contact_consent", data={"consent": consent}
    )
    if consent:
        reporters.save_state(
            turn.session, reporter=turn.reporter, state=PHONE, open_case_id=case_id
        )
        turn.say("question.phone", keyboard=Keyboard.ASK_CONTACT, case_id=case_id)
    elif turn.reporter.open_case_id == case.id and turn.reporter.state in (CONTACT, PHONE):
        finish(turn, case)


def flow_for(turn: Turn) -> tuple[ConversationState, ...]:
    """The questions this reporter is asked: a volunteer's field tip has its own."""
    return VOLUNTEER_FLOW if turn.reporter.role == ReporterRole.VOLUNTEER else FLOW


def advance(turn: Turn, case: Case, state: ConversationState) -> None:
    """Ask the question after `state`, or close the round of questions."""
    flow = flow_for(turn)
    position = flow.index(state) if state in flow else len(flow)
    if position + 1 < len(flow):
        ask(turn, case, flow[position + 1])
    else:
        finish(turn, case)


def finish(turn: Turn, case: Case) -> None:
    reporters.save_state(turn.session, reporter=turn.reporter, state=OPEN, open_case_id=case.id)
    # A volunteer's menu has other buttons: the closing words name the ones they see.
    key = "question.done_tip" if turn.reporter.role == ReporterRole.VOLUNTEER else "question.done"
    turn.say(key, keyboard=Keyboard.MENU, case_id=row_id(case), reference=case.reference)


def take(turn: Turn, case: Case) -> bool:
    """Read a message as the answer to the question being asked; False if it is not one."""
    inbound, state = turn.inbound, turn.reporter.state
    text = inbound.text.strip() if inbound.kind is Kind.TEXT else ""
    if state not in QUESTIONS:
        return False
    if text and text in all_translations("button.skip"):
        skip(turn, case)
        return True
    if state == DANGER and inbound.kind is Kind.TEXT:
        _take_danger(turn, case, text)
        return True
    if state == DANGER and inbound.kind is Kind.LOCATION:
        _take_location(turn, case)  # a place first is fine; the danger buttons stay usable
        return True
    if state == LOCATION and inbound.kind is Kind.TEXT and _sounds_urgent(turn, case, text):
        # "Now he has collapsed" typed while we ask where: words about the person, not an
        # address. They join the case (emergency numbers first); the question stays open.
        reports.follow_up(turn, case)
        return True
    if state == LOCATION and inbound.kind is Kind.TEXT:
        _take_typed_place(turn, case, text)
        return True
    if state == LOCATION and inbound.kind is Kind.LOCATION:
        _take_location(turn, case)
        return True
    if state == PHOTOS and inbound.kind in MEDIA_KINDS:
        reports.follow_up(turn, case, acknowledge=False)
        finished = Button(turn.text("button.done"), callback(ANSWER, row_id(case), "ph", DONE))
        turn.say(
            "question.photo_added",
            buttons=((finished,),),
            case_id=row_id(case),
            reference=case.reference,
        )
        return True
    if state == PHONE and inbound.kind is Kind.TEXT:
        if text in all_translations("button.no_phone"):
            finish(turn, case)
        elif _PHONE.fullmatch(text):
            save_phone(turn, case, text)
        else:
            reports.follow_up(turn, case)
            finish(turn, case)
        return True
    return False


def _take_danger(turn: Turn, case: Case, text: str) -> None:
    """A typed answer ("네", "not sure", "是"), or more words about the case: they join it
    and the question stays open, unless the words made the case critical (then: where?)."""
    value = answers.typed_danger_answer(text)
    if value is None:
        reports.follow_up(turn, case)
        if case.priority == "critical":
            advance(turn, case, DANGER)
        return
    _danger(turn, case, value)
    advance(turn, case, DANGER)


def _sounds_urgent(turn: Turn, case: Case, text: str) -> bool:
    """The typed answer reads as a crisis report rather than a place."""
    words = urgency.assess_words(turn, case, text)
    return words.imminent_danger


def save_phone(turn: Turn, case: Case | None, phone: str) -> None:
    """The reporter shared their number: staff may contact them on it."""
    reporters.set_contact(turn.session, reporter=turn.reporter, consent=True, phone=phone)
    if case is None:
        turn.say("contact.saved", keyboard=Keyboard.MENU)
        return
    cases.record_event(
        turn.session,
        case_id=row_id(case),
        kind="contact_consent",
        data={"consent": True, "phone": True},
    )
    if turn.reporter.state == PHONE and turn.reporter.open_case_id == case.id:
        finish(turn, case)
    else:
        turn.say("contact.saved", keyboard=Keyboard.MENU)


def _take_typed_place(turn: Turn, case: Case, text: str) -> None:
    """Typed words while we ask where: a place, more of the report, or (unsure) both."""
    reading = address_words.reading(text)
    if reading is Reading.REPORT:
        # "그리고 밤에 불도 안 켜져 있어요": a second sentence, not an answer. It joins the
        # case like any follow-up, and we ask where again.
        reports.follow_up(turn, case)
        ask(turn, case, LOCATION)
        return
    _take_location(turn, case, unsure=reading is Reading.UNSURE)


def _take_location(turn: Turn, case: Case, *, unsure: bool = False) -> None:
    """Store the place. `unsure`: the text also reads as a sentence about the person, so
    its words count as report text too, and where stays open to be corrected."""
    inbound = turn.inbound
    case_id = row_id(case)
    reports.record_inbound(turn, case_id, inbound.text)
    if inbound.kind is Kind.LOCATION:
        case.latitude, case.longitude = inbound.latitude, inbound.longitude
        key = "report.location_saved"
    else:
        case.address = inbound.text.strip()
        key = "report.address_saved"
    turn.session.add(case)
    cases.record_event(turn.session, case_id=case_id, kind="location_added")
    # The place can make reports about one household meet: triage again at once.
    words = urgency.assess_words(turn, case, inbound.text) if unsure else None
    urgency.retriage(turn, case, words=words)
    if unsure:
        turn.say(
            "report.address_unsure",
            keyboard=Keyboard.ASK_LOCATION,
            case_id=case_id,
            reference=case.reference,
            address=case.address,
        )
        return
    turn.say(key, keyboard=Keyboard.MENU, case_id=case_id, reference=case.reference)
    advance(turn, case, LOCATION)


def skip(turn: Turn, case: Case) -> None:
    """Skip the question being asked (the Skip button typed, or /skip)."""
    state = turn.reporter.state
    if state == LOCATION:
        turn.say(
            "report.location_skipped",
            keyboard=Keyboard.MENU,
            case_id=row_id(case),
            reference=case.reference,
        )
    if state == PHONE:
        finish(turn, case)
        return
    advance(turn, case, state)


def cancel(turn: Turn, case: Case | None) -> None:
    """/cancel: no more questions now; the answers so far stay and the rest can come later."""
    if case is None or turn.reporter.state not in QUESTIONS:
        turn.say("cancel.nothing", keyboard=Keyboard.MENU)
        return
    reporters.save_state(turn.session, reporter=turn.reporter, state=OPEN, open_case_id=case.id)
    turn.say("question.cancelled", keyboard=Keyboard.MENU, reference=case.reference)


def resume(turn: Turn, case: Case) -> None:
    """Answer a case's questions (again), starting with the first one not yet answered."""
    if is_self_crisis(case):
        crisis.reopen(turn, case)  # never the report's questions for a person in crisis
        return
    turn.say("question.resume", reference=case.reference)
    ask(turn, case, _first_unanswered(turn, case))


def _first_unanswered(turn: Turn, case: Case) -> ConversationState:
    facts = case.facts or {}
    if DANGER_NOW not in facts and case.priority != Priority.CRITICAL:
        return DANGER
    if case.latitude is None and not case.address:
        return LOCATION
    if turn.reporter.role == ReporterRole.VOLUNTEER:
        return _first_unanswered_tip(turn, case)
    if "age_band" not in facts:
        return AGE
    if not any(key in facts for key in HOUSEHOLD_ANSWERS):
        return HOUSEHOLD
    if "crisis_types" not in facts:
        return CRISIS
    if "reporter_urgency" not in facts:
        return URGENCY
    if not reporter_cases.has_attachments(turn.session, case_id=row_id(case)):
        return PHOTOS
    return AGE


def _first_unanswered_tip(turn: Turn, case: Case) -> ConversationState:
    facts = case.facts or {}
    if not any(key in facts for key in HOUSEHOLD_ANSWERS):
        return HOUSEHOLD
    if "signs" not in facts:
        return SIGNS
    if "seen" not in facts:
        return SEEN
    if not reporter_cases.has_attachments(turn.session, case_id=row_id(case)):
        return PHOTOS
    return HOUSEHOLD
