"""A person writing about their own crisis: a crisis line's conversation, not a report form.

The first reply (bot.urgency.crisis_help) gives the numbers, suicide prevention first, and a
short human message. The chat stays open: what they write next joins the case and is
answered with care, never with the neighbour-report questions ("where is it?"). A report
about someone else turns into this conversation when a later message shows the writer is
the one at risk.
"""

from __future__ import annotations

from bot import reports, urgency
from bot.hotlines import describe
from bot.inbound import Kind, Reply
from bot.states import CRISIS_CHAT
from bot.turn import Turn, row_id
from storage import cases, reporter_cases, reporters
from storage.life_at_risk import SELF_CRISIS, is_self_crisis
from storage.models import Case
from triage import Assessment


def takes(turn: Turn, case: Case) -> bool:
    """Answer this message as a crisis conversation if it is one; False otherwise."""
    inbound = turn.inbound
    words = None
    if inbound.text and inbound.kind is not Kind.LOCATION:
        words = urgency.assess_words(turn, case, inbound.text)
    ongoing = turn.reporter.state == CRISIS_CHAT or is_self_crisis(case)
    if not ongoing and not (words is not None and words.self_crisis):
        return False
    reports.join(turn, case)
    if not is_self_crisis(case):
        # "Actually it's me": the writer is the one at risk. Critical at once, staff told.
        reporter_cases.set_facts(turn.session, case=case, changes={SELF_CRISIS: True})
        cases.retriage(turn.session, case=case)
        urgency.crisis_help(turn, case)
        return True
    _keep_company(turn, case, words)
    return True


def _keep_company(turn: Turn, case: Case, words: Assessment | None) -> None:
    """A later message in the crisis conversation: a brief, caring acknowledgement; the
    numbers again, first, when the words say a life is at risk now."""
    case_id = row_id(case)
    cases.retriage(turn.session, case=case)
    hotlines = urgency.crisis_numbers(turn)
    first = hotlines[0].number
    if words is not None and words.imminent_danger:
        text = turn.text(
            "crisis.followup_danger", hotlines=describe(turn.language, hotlines), first=first
        )
        turn.urgent(
            Reply(
                turn.reporter.chat_id,
                text,
                turn.language,
                case_id=case_id,
                essential=True,
                urgent=True,
            )
        )
        return
    turn.say("crisis.followup", case_id=case_id, first=first)


def reopen(turn: Turn, case: Case) -> None:
    """The reporter came back to their crisis case (e.g. from "My reports")."""
    reporters.save_state(
        turn.session, reporter=turn.reporter, state=CRISIS_CHAT, open_case_id=row_id(case)
    )
    turn.say("crisis.followup", case_id=row_id(case), first=urgency.crisis_numbers(turn)[0].number)
