"""Reports: the first words create a case at once; later words, photos and places join it."""

from __future__ import annotations

from bot import resources, states, urgency
from bot.answers import draw
from bot.hotlines import one_line
from bot.inbound import MEDIA_KINDS, Button, Keyboard, Kind
from bot.menus import SPLIT, Pressed, callback
from bot.turn import Turn, row_id
from storage import cases, reporter_cases, reporters
from storage.life_at_risk import SELF_CRISIS, is_self_crisis
from storage.models import Case, Message
from storage.vocabulary import ReporterRole
from triage import assess

# What stands for a media message's words when it has no caption (keyed by Kind value).
PLACEHOLDER_KEYS = {
    Kind.PHOTO.value: "report.photo_only",
    Kind.VIDEO.value: "report.video_only",
    Kind.VOICE.value: "report.voice_only",
    Kind.DOCUMENT.value: "report.document_only",
}


def source_of(turn: Turn) -> ReporterRole:
    return ReporterRole(turn.reporter.role)


def new_report(turn: Turn) -> None:
    """Open a case from the reporter's words and answer with its reference at once."""
    inbound = turn.inbound
    text = inbound.text
    if not text and inbound.kind.value in PLACEHOLDER_KEYS:
        text = turn.text(PLACEHOLDER_KEYS[inbound.kind.value])
    if inbound.kind is Kind.LOCATION or not text.strip():
        # A place alone says nothing about who needs help: ask for the report first, and
        # show who can help around that place.
        turn.say("report.new_prompt", keyboard=Keyboard.MENU)
        if inbound.latitude is not None and inbound.longitude is not None:
            resources.list_partners(turn, point=(inbound.latitude, inbound.longitude))
        return
    case = _open_case(turn, text)
    record_inbound(turn, row_id(case), text)
    answer_new_case(turn, case)


def _open_case(turn: Turn, text: str) -> Case:
    source = source_of(turn)
    assessment = assess(text, turn.language, facts={"source": source})
    facts: dict[str, object] = {"source": source}  # provenance, not an answer
    if assessment.self_crisis:
        facts[SELF_CRISIS] = True  # the writer is the one at risk: see storage.life_at_risk
    case = cases.create_case(
        turn.session,
        reporter_id=row_id(turn.reporter),
        text=text,
        assessment=assessment,
        source=source,
        facts=facts,
    )
    if is_self_crisis(case):
        return case  # answered by urgency.crisis_help, the numbers first
    if assessment.imminent_danger or urgency.is_life_at_risk(case):
        codes = [r.code for r in assessment.reasons if r.imminent]
        urgency.emergency(turn, case, codes)
        urgency.staff_alert(turn, case)
    return case


def answer_new_case(turn: Turn, case: Case) -> None:
    """A person in crisis gets crisis help; a report about someone else, the receipt."""
    if is_self_crisis(case):
        urgency.crisis_help(turn, case)
    else:
        receipt(turn, case)


def receipt(turn: Turn, case: Case) -> None:
    """The receipt: the reference, one line of emergency numbers and the first question.

    The first question is whether a life may be in danger right now, before where: the
    reporter may know what the words did not say. A report triage already rated critical
    has had the numbers first, so it goes straight on to where.
    """
    case_id = row_id(case)
    head = "\n".join(
        (
            turn.text("report.receipt", reference=case.reference),
            turn.text(
                "report.emergency_line", numbers=one_line(turn.language, turn.config.hotlines)
            ),
        )
    )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if case.priority == "critical":
        state, question = states.LOCATION, turn.text("report.ask_location")
        keyboard = Keyboard.ASK_LOCATION
    else:
        state, question = states.DANGER, turn.text("question.danger")
        keyboard, buttons = Keyboard.NONE, draw(turn, case, states.DANGER)
    reporters.save_state(turn.session, reporter=turn.reporter, state=state, open_case_id=case_id)
    turn.send(
        f"{head}\n\n{question}",
        keyboard=keyboard,
        buttons=buttons,
        case_id=case_id,
        essential=True,
    )


def follow_up(turn: Turn, case: Case, *, acknowledge: bool = True) -> Message:
    """Add what the reporter sent to their open case, and re-assess it."""
    inbound = turn.inbound
    case_id = row_id(case)
    message = join(turn, case)
    if acknowledge:
        split = Button(turn.text("button.split"), callback(SPLIT, case_id, row_id(message)))
        turn.say(
            "report.followup_added",
            buttons=((split,),),
            case_id=case_id,
            reference=case.reference,
        )
    words = urgency.assess_words(turn, case, inbound.text) if inbound.text else None
    urgency.retriage(turn, case, words=words)
    return message


def join(turn: Turn, case: Case) -> Message:
    """Put what the reporter sent on their open case (a shared place becomes its place)."""
    inbound = turn.inbound
    case_id = row_id(case)
    message = record_inbound(turn, case_id, inbound.text)
    if inbound.kind is Kind.LOCATION:
        case.latitude, case.longitude = inbound.latitude, inbound.longitude
        turn.session.add(case)
        cases.record_event(turn.session, case_id=case_id, kind="location_added")
    return message


def apply_edit(turn: Turn) -> None:
    """An edited message replaces the stored text; the original stays in the history."""
    inbound = turn.inbound
    if inbound.text.startswith("/"):
        return
    message = None
    if inbound.message_id is not None:
        message = reporter_cases.sent_message(
            turn.session,
            reporter_id=row_id(turn.reporter),
            telegram_message_id=inbound.message_id,
        )
    if message is None:
        # We never stored the original (a command, or sent before a /forget): keep the words.
        case = open_case(turn)
        if case is None:
            new_report(turn)
        else:
            follow_up(turn, case, acknowledge=False)
        return
    if not reporter_cases.edit_message(turn.session, message=message, text=inbound.text):
        return
    case = turn.session.get(Case, message.case_id)
    assert case is not None
    if _first_message_id(turn, case) == message.id:
        case.summary = cases.summarize(inbound.text)
        turn.session.add(case)
    if case.status != "closed":
        urgency.retriage(turn, case, words=urgency.assess_words(turn, case, inbound.text))


def split(turn: Turn, pressed: Pressed, case: Case) -> None:
    """The reporter says a follow-up is about a different household: give it its own case."""
    message_id = int(pressed.part(1)) if pressed.part(1).isdigit() else -1
    message = reporter_cases.inbound_message(
        turn.session, case_id=row_id(case), message_id=message_id
    )
    if message is None or _first_message_id(turn, case) == message.id:
        turn.toast("callback.unavailable")
        return
    turn.toast()
    text = message.text or turn.text(PLACEHOLDER_KEYS.get(message.kind, "report.photo_only"))
    new_case = _open_case(turn, text)
    reporter_cases.move_message(turn.session, message=message, to_case_id=row_id(new_case))
    answer_new_case(turn, new_case)


def open_case(turn: Turn) -> Case | None:
    """The case the reporter's messages currently join (None after /new or once closed)."""
    case_id = turn.reporter.open_case_id
    if case_id is None:
        return None
    case = reporter_cases.owned_case(
        turn.session, reporter_id=row_id(turn.reporter), case_id=case_id
    )
    if case is None or case.status == "closed":
        return None
    return case


def record_inbound(turn: Turn, case_id: int, text: str) -> Message:
    """Put what the reporter sent on the case's timeline (media as an attachment too)."""
    inbound = turn.inbound
    kind = inbound.kind.value
    if inbound.kind is Kind.LOCATION:
        text = " ".join(p for p in (f"{inbound.latitude},{inbound.longitude}", text) if p)
    message = cases.add_message(
        turn.session,
        case_id=case_id,
        direction="in",
        author="reporter",
        text=text,
        kind=kind,
        telegram_message_id=inbound.message_id,
    )
    if inbound.media is not None and inbound.kind in MEDIA_KINDS:
        cases.add_attachment(
            turn.session,
            case_id=case_id,
            message_id=row_id(message),
            kind=kind,
            source_file_id=inbound.media.file_id,
            source_file_unique_id=inbound.media.file_unique_id,
            mime_type=inbound.media.mime_type,
            size=inbound.media.size,
        )
    return message


def _first_message_id(turn: Turn, case: Case) -> int | None:
    timeline = cases.timeline(turn.session, case_id=row_id(case))
    return next((m.id for m in timeline if m.direction == "in"), None)
