"""The answers a question offers as buttons, how they are drawn, and what each one sets.

Pure mapping from a button press to Case.facts changes (keys as triage reads them); the
flow around it lives in bot.questions.
"""

from __future__ import annotations

import re

from bot.catalog import all_translations
from bot.inbound import Button
from bot.menus import ANSWER, callback
from bot.states import AGE, CONTACT, CRISIS, DANGER, HOUSEHOLD, PHOTOS, SEEN, SIGNS, URGENCY
from bot.turn import Turn, row_id
from storage.life_at_risk import DANGER_NOW, NO, UNSURE, YES
from storage.models import Case
from storage.vocabulary import ConversationState
from triage.facts import OBSERVABLE_SIGNS

# Answer options and their button labels (catalog keys), in the order shown.
DANGER_ANSWERS = {YES: "answer.danger_yes", NO: "answer.danger_no", UNSURE: "answer.danger_unsure"}
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
# A volunteer's checklist: exactly the signals triage reads from ``facts["signs"]``.
SIGN_ANSWERS = {
    "utilities_cut": "answer.sign_utilities_cut",
    "no_food": "answer.sign_no_food",
    "no_heating": "answer.sign_no_heating",
    "mail_piling": "answer.sign_mail_piling",
    "lights_off": "answer.sign_lights_off",
    "no_answer": "answer.sign_no_answer",
    "not_seen": "answer.sign_not_seen",
    "bad_smell": "answer.sign_bad_smell",
    "hoarding": "answer.sign_hoarding",
    "health": "answer.sign_health",
    "child_alone": "answer.sign_child_alone",
    "arrears": "answer.sign_arrears",
}
assert tuple(SIGN_ANSWERS) == OBSERVABLE_SIGNS, "the checklist must match triage's signs"
SEEN_ANSWERS = {
    "today": "answer.seen_today",
    "yesterday": "answer.seen_yesterday",
    "week": "answer.seen_week",
    "longer": "answer.seen_longer",
}

# Short codes in callback data for each question's state, and the question texts.
CODE = {
    DANGER: "dg",
    AGE: "age",
    HOUSEHOLD: "hh",
    CRISIS: "ct",
    URGENCY: "ur",
    PHOTOS: "ph",
    CONTACT: "co",
    SIGNS: "sg",
    SEEN: "sn",
}
STATE = {code: state for state, code in CODE.items()}
PROMPT = {
    DANGER: "question.danger",
    AGE: "question.age",
    HOUSEHOLD: "question.household",
    CRISIS: "question.crisis",
    URGENCY: "question.urgency",
    PHOTOS: "question.photos",
    CONTACT: "question.contact",
    SIGNS: "question.signs",
    SEEN: "question.seen",
}
SKIP, DONE = "skip", "done"
TICK = "✅ "


def draw(turn: Turn, case: Case, state: ConversationState) -> tuple[tuple[Button, ...], ...]:
    """A question's inline buttons, chosen answers ticked."""
    facts = case.facts or {}
    case_id = row_id(case)
    code = CODE[state]

    def button(value: str, key: str, chosen: bool = False) -> Button:
        label = turn.text(key)
        return Button(TICK + label if chosen else label, callback(ANSWER, case_id, code, value))

    skip = button(SKIP, "button.skip")
    done = button(DONE, "button.done")
    if state == DANGER:
        return (tuple(button(v, k, facts.get(DANGER_NOW) == v) for v, k in DANGER_ANSWERS.items()),)
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
    if state == SIGNS:
        chosen = set(facts.get("signs") or [])
        row = [button(v, k, v in chosen) for v, k in SIGN_ANSWERS.items()]
        pairs = tuple(tuple(row[i : i + 2]) for i in range(0, len(row), 2))
        return (*pairs, (done, skip))
    if state == SEEN:
        row = [button(v, k, facts.get("seen") == v) for v, k in SEEN_ANSWERS.items()]
        return (tuple(row[:2]), tuple(row[2:]), (skip,))
    if state == PHOTOS:
        return ((skip,),)
    consent = turn.reporter.contact_consent
    yes = button("yes", CONTACT_ANSWERS["yes"], consent)
    no = button("no", CONTACT_ANSWERS["no"])
    return ((yes,), (no,), (skip,))


def changes(
    case: Case, state: ConversationState, value: str
) -> tuple[dict[str, object] | None, bool]:
    """The facts an answer sets (None: not an answer we offer) and whether it ends the step."""
    if value in (SKIP, DONE):
        return {}, True
    facts = case.facts or {}
    if state == DANGER and value in DANGER_ANSWERS:
        return {DANGER_NOW: value}, True
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
    if state == SIGNS and value in SIGN_ANSWERS:
        chosen = set(facts.get("signs") or []) ^ {value}
        return {"signs": [sign for sign in SIGN_ANSWERS if sign in chosen]}, False
    if state == SEEN and value in SEEN_ANSWERS:
        return {"seen": value}, True
    return None, False


# Typed answers to the danger question, besides the buttons' own words: what people write
# for yes / no / not sure in Korean, English and Chinese (compared without punctuation).
_TYPED_DANGER = {
    YES: {
        "yes",
        "y",
        "yeah",
        "yep",
        "네",
        "예",
        "응",
        "어",
        "네네",
        "맞아요",
        "그래요",
        "是",
        "是的",
        "对",
        "有",
    },
    NO: {
        "no",
        "n",
        "nope",
        "아니요",
        "아니오",
        "아뇨",
        "아니",
        "아니에요",
        "不",
        "不是",
        "没有",
        "否",
    },
    UNSURE: {
        "not sure",
        "unsure",
        "don't know",
        "dont know",
        "i don't know",
        "maybe",
        "모르겠어요",
        "잘 모르겠어요",
        "몰라요",
        "글쎄요",
        "不确定",
        "不知道",
        "不清楚",
    },
}
_PUNCTUATION = re.compile(r"[\s.!?~,。！？，…]+")


def typed_danger_answer(text: str) -> str | None:
    """The danger answer a typed message gives ("네", "not sure", "是"), None if it is none."""
    said = _PUNCTUATION.sub(" ", text.lower()).strip()
    for value, key in DANGER_ANSWERS.items():
        words = {_PUNCTUATION.sub(" ", w.lower()).strip() for w in all_translations(key)}
        if said in words | _TYPED_DANGER[value]:
            return value
    return None
