"""The answers a question offers as buttons, how they are drawn, and what each one sets.

Pure mapping from a button press to Case.facts changes (keys as triage reads them); the
flow around it lives in bot.questions.
"""

from __future__ import annotations

from bot.inbound import Button
from bot.menus import ANSWER, callback
from bot.states import AGE, CONTACT, CRISIS, HOUSEHOLD, PHOTOS, URGENCY
from bot.turn import Turn, row_id
from storage.models import Case

# Answer options and their button labels (catalog keys), in the order shown.
AGE_ANSWERS = {
    "child": "answer.age_child",
    "youth": "answer.age_youth",
    "adult": "answer.age_adult",
    "elderly": "answer.age_elderly",
}
HOUSEHOLD_ANSWERS = {
    "lives_alone": "answer.lives_alone",
    "children": "answer.children",
    "disability": "answer.disability",
    "elderly": "answer.elderly",
}
CRISIS_ANSWERS = {
    "livelihood": "answer.crisis_livelihood",
    "care": "answer.crisis_care",
    "health": "answer.crisis_health",
    "housing": "answer.crisis_housing",
    "work": "answer.crisis_work",
}
URGENCY_ANSWERS = {
    "now": "answer.urgency_now",
    "today": "answer.urgency_today",
    "soon": "answer.urgency_soon",
    "unsure": "answer.urgency_unsure",
}
CONTACT_ANSWERS = {"yes": "answer.contact_yes", "no": "answer.contact_no"}

# Short codes in callback data for each question's state, and the question texts.
CODE = {AGE: "age", HOUSEHOLD: "hh", CRISIS: "ct", URGENCY: "ur", PHOTOS: "ph", CONTACT: "co"}
STATE = {code: state for state, code in CODE.items()}
PROMPT = {
    AGE: "question.age",
    HOUSEHOLD: "question.household",
    CRISIS: "question.crisis",
    URGENCY: "question.urgency",
    PHOTOS: "question.photos",
    CONTACT: "question.contact",
}
SKIP, DONE = "skip", "done"
TICK = "✅ "


def draw(turn: Turn, case: Case, state: str) -> tuple[tuple[Button, ...], ...]:
    """A question's inline buttons, chosen answers ticked."""
    facts = case.facts or {}
    case_id = row_id(case)
    code = CODE[state]

    def button(value: str, key: str, chosen: bool = False) -> Button:
        label = turn.text(key)
        return Button(TICK + label if chosen else label, callback(ANSWER, case_id, code, value))

    skip = button(SKIP, "button.skip")
    done = button(DONE, "button.done")
    if state == AGE:
        row = [button(v, k, facts.get("age_band") == v) for v, k in AGE_ANSWERS.items()]
        return (tuple(row[:2]), tuple(row[2:]), (skip,))
    if state == HOUSEHOLD:
        row = [button(v, k, facts.get(v) is True) for v, k in HOUSEHOLD_ANSWERS.items()]
        return (tuple(row[:2]), tuple(row[2:]), (done, skip))
    if state == CRISIS:
        chosen = set(facts.get("crisis_types") or [])
        row = [button(v, k, v in chosen) for v, k in CRISIS_ANSWERS.items()]
        return (tuple(row[:2]), tuple(row[2:4]), tuple(row[4:]), (done, skip))
    if state == URGENCY:
        row = [button(v, k, facts.get("reporter_urgency") == v) for v, k in URGENCY_ANSWERS.items()]
        return (tuple(row[:2]), tuple(row[2:]), (skip,))
    if state == PHOTOS:
        return ((skip,),)
    consent = turn.reporter.contact_consent
    yes = button("yes", CONTACT_ANSWERS["yes"], consent)
    no = button("no", CONTACT_ANSWERS["no"])
    return ((yes,), (no,), (skip,))


def changes(case: Case, state: str, value: str) -> tuple[dict[str, object] | None, bool]:
    """The facts an answer sets (None: not an answer we offer) and whether it ends the step."""
    if value in (SKIP, DONE):
        return {}, True
    facts = case.facts or {}
    if state == AGE and value in AGE_ANSWERS:
        return {"age_band": value}, True
    if state == HOUSEHOLD and value in HOUSEHOLD_ANSWERS:
        return {value: facts.get(value) is not True}, False
    if state == CRISIS and value in CRISIS_ANSWERS:
        chosen = set(facts.get("crisis_types") or []) ^ {value}
        return {"crisis_types": [kind for kind in CRISIS_ANSWERS if kind in chosen]}, False
    if state == URGENCY and value in URGENCY_ANSWERS:
        return {"reporter_urgency": value}, True
    if state == CONTACT and value in CONTACT_ANSWERS:
        return {}, True
    return None, False
