"""When a life may be at risk: emergency numbers first, staff alerted, triage kept current."""

from __future__ import annotations

from bot.catalog import t
from bot.hotlines import Hotline, describe, for_situation, one_line
from bot.inbound import Reply
from bot.reasons import describe_reasons, priority_label
from bot.states import CRISIS_CHAT
from bot.turn import Turn, row_id
from storage import cases, reporters
from storage.life_at_risk import (
    REPORTER_SAYS_DANGER,
    UNSURE,
    WRITER_AT_RISK,
    YES,
    is_self_crisis,
)
from storage.models import Case
from triage import Assessment, assess


def is_life_at_risk(case: Case) -> bool:
    """The case is critical for a reason that means a life may be at risk now."""
    return case.priority == "critical" and any(r.get("imminent") for r in case.reasons or [])


def assess_words(turn: Turn, case: Case | None, text: str) -> Assessment:
    """Triage one message's words, with what is known about the household."""
    facts = dict(case.facts or {}) if case is not None else {}
    return assess(text, turn.language, facts=facts or None)


def retriage(turn: Turn, case: Case, *, words: Assessment | None = None) -> None:
    """Re-assess a case after new words or answers; alert if a life now seems at risk.

    `words` is the new message's own assessment: danger in it gives the reporter the
    numbers even when the case was already critical (staff are alerted only once).
    """
    was_at_risk = is_life_at_risk(case)
    cases.retriage(turn.session, case=case)
    now_at_risk = is_life_at_risk(case)
    message_at_risk = words is not None and words.imminent_danger
    if not (message_at_risk or now_at_risk):
        return
    if message_at_risk or not was_at_risk:
        codes = [r.code for r in words.reasons if r.imminent] if words else []
        emergency(turn, case, codes or _imminent_codes(case))
    if not was_at_risk:
        staff_alert(turn, case)


def danger_answered(turn: Turn, case: Case, answer: str) -> None:
    """The reporter answered "may a life be in danger right now?" (see storage.life_at_risk).

    "Yes" makes the case critical at once (numbers to the reporter, staff alerted, the
    critical clock); "not sure" raises it to at least high, flagged for a human look.
    """
    cases.record_event(
        turn.session, case_id=row_id(case), kind="danger_answered", data={"answer": answer}
    )
    was_at_risk = is_life_at_risk(case)
    retriage(turn, case)  # numbers and alert when this made the case life-at-risk
    now_at_risk = is_life_at_risk(case)
    if answer == YES and (was_at_risk or not now_at_risk):
        # Already critical (or staff had set the priority, which stands): retriage gave
        # nothing, but they said a life is in danger, so the numbers go out again...
        emergency(turn, case, _imminent_codes(case) or [REPORTER_SAYS_DANGER])
        if not now_at_risk:
            staff_alert(turn, case)  # ...and staff hear it even so
    if answer == UNSURE:
        turn.say(
            "danger.unsure_noted",
            case_id=row_id(case),
            numbers=one_line(turn.language, turn.config.hotlines),
        )


def crisis_numbers(turn: Turn) -> list[Hotline]:
    """The numbers for a person in crisis: suicide prevention first."""
    return for_situation(turn.config.hotlines, [WRITER_AT_RISK])


def crisis_help(turn: Turn, case: Case) -> None:
    """Answer a person writing about their own crisis as a crisis line would: the numbers
    first, a short human message, the chat kept open; staff told who is at risk."""
    case_id = row_id(case)
    hotlines = crisis_numbers(turn)
    reporters.save_state(
        turn.session, reporter=turn.reporter, state=CRISIS_CHAT, open_case_id=case_id
    )
    text = turn.text(
        "crisis.reply",
        hotlines=describe(turn.language, hotlines),
        first=hotlines[0].number,
        reference=case.reference,
    )
    turn.urgent(
        Reply(
            turn.reporter.chat_id, text, turn.language, case_id=case_id, essential=True, urgent=True
        )
    )
    staff_alert(turn, case)


def emergency(turn: Turn, case: Case | None, reason_codes: list[str]) -> None:
    """The emergency numbers for the situation, as the first thing the reporter reads."""
    hotlines = for_situation(turn.config.hotlines, reason_codes)
    turn.urgent(
        Reply(
            turn.reporter.chat_id,
            turn.text("emergency.numbers", hotlines=describe(turn.language, hotlines)),
            turn.language,
            case_id=row_id(case) if case is not None else None,
            essential=True,
            urgent=True,
        )
    )


def staff_alert(turn: Turn, case: Case) -> None:
    """Tell the staff chat at once, with the reference (never the reporter's identity)."""
    config = turn.config
    if config.staff_chat_id is None:
        return
    cases.record_event(turn.session, case_id=row_id(case), kind="staff_alerted")
    language = config.staff_language
    text = t(
        language,
        "staff.alert_self" if is_self_crisis(case) else "staff.alert",
        reference=case.reference,
        priority=priority_label(language, case.priority),
        reasons=describe_reasons(language, [str(r.get("code")) for r in case.reasons or []]),
    )
    turn.urgent(
        Reply(config.staff_chat_id, text, config.staff_language, essential=True, urgent=True)
    )


def _imminent_codes(case: Case) -> list[str]:
    return [str(r["code"]) for r in case.reasons or [] if r.get("imminent")]
