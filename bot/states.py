"""Where a reporter's conversation stands (Reporter.state), kept in our table, not in memory."""

from __future__ import annotations

IDLE = "idle"  # no open case: the next words start a report
OPEN = "open"  # words join the open case
DANGER = "q_danger"  # the receipt asked whether a life may be in danger right now
LOCATION = "awaiting_location"  # the receipt asked where (a typed answer is the address)
AGE = "q_age"
HOUSEHOLD = "q_household"
CRISIS = "q_crisis"
URGENCY = "q_urgency"
PHOTOS = "q_photos"
CONTACT = "q_contact"
PHONE = "q_phone"  # staff may contact the reporter: the phone button is showing
SIGNS = "q_signs"  # volunteers: what they saw, as a checklist of triage signals
SEEN = "q_seen"  # volunteers: when they saw it
VISIT_NOTES = "visit_notes"  # a volunteer adds notes and photos to a visit report
# The writer is the person at risk: their words join the case and are answered with care,
# never with the report's questions.
CRISIS_CHAT = "crisis_chat"

# The optional questions, in the order they are asked after the receipt. Whether a life may
# be in danger comes first (skipped when triage already rated the report critical): the
# classifier misses some, the reporter often knows.
FLOW = (DANGER, LOCATION, AGE, HOUSEHOLD, CRISIS, URGENCY, PHOTOS, CONTACT)
# A volunteer's field tip: danger, place, household, observed signs, when seen, photos.
# Staff know who the volunteer is, so there is no contact question.
VOLUNTEER_FLOW = (DANGER, LOCATION, HOUSEHOLD, SIGNS, SEEN, PHOTOS)
QUESTIONS = frozenset((*FLOW, *VOLUNTEER_FLOW, PHONE))
