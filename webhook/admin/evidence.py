"""The words behind a triage reason, as staff read them.

A reason found in the report carries the reporter's own words, shown quoted. A reason that
came from the structured answers carries a note such as ``facts: volunteer saw no_food``
(triage/facts.py): the API keeps it as it is, and the pages name its source in the staff's
language instead of showing the note.
"""

from __future__ import annotations

from collections.abc import Callable

from webhook.admin import labels

FACTS = "facts:"

Translate = Callable[..., str]


def _named(value: str, group: dict[str, str], _: Translate) -> str:
    """A value in the staff's words, or as it is when it has no label."""
    key = group.get(value)
    return _(key) if key else value


def _fact_words(note: str, _: Translate) -> str:
    """One ``facts: ...`` note in words."""
    if note.startswith("volunteer saw"):
        return _("admin.evidence.volunteer_saw")
    if note.startswith("volunteer visit"):
        result = note.removeprefix("volunteer visit").strip()
        return _("admin.evidence.volunteer_visit", result=_named(result, labels.VISIT_RESULT, _))
    if note == "volunteer tip":
        return _("admin.evidence.volunteer_tip")
    if note.endswith(" reporters") and note.split()[0].isdigit():
        return _("admin.evidence.reporters", n=int(note.split()[0]))
    if note.startswith("urgency"):
        urgency = note.removeprefix("urgency").strip()
        return _("admin.evidence.urgency", urgency=_named(urgency, labels.URGENCY, _))
    kinds = [kind.strip() for kind in note.split(",") if kind.strip()]
    if kinds and all(kind in labels.CRISIS for kind in kinds):
        named = ", ".join(_named(kind, labels.CRISIS, _) for kind in kinds)
        return _("admin.evidence.crisis", kinds=named)
    return _("admin.evidence.answers")


def evidence_words(matched: str | None, _: Translate) -> str:
    """``“혼자 사는”`` for the report's words; "자원봉사자가 직접 봄" for a volunteer's answer."""
    shown: list[str] = []
    for part in (matched or "").split(" + "):
        part = part.strip()
        if not part:
            continue
        if part.startswith(FACTS):
            shown.append(_fact_words(part.removeprefix(FACTS).strip(), _))
        else:
            shown.append(f"“{part}”")
    return " + ".join(dict.fromkeys(shown))
