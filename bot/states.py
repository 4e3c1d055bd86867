"""Where a reporter's conversation stands (Reporter.state), kept in our table, not in memory."""

from __future__ import annotations

IDLE = "idle"  # no open case: the next words start a report
OPEN = "open"  # words join the open case
LOCATION = "awaiting_location"  # the receipt asked where (a typed answer is the address)
AGE = "q_age"
HOUSEHOLD = "q_household"
CRISIS = "q_crisis"
URGENCY = "q_urgency"
PHOTOS = "q_photos"
CONTACT = "q_contact"
PHONE = "q_phone"  # staff may contact the reporter: the phone button is showing

# The optional questions, in the order they are asked after the receipt.
FLOW = (LOCATION, AGE, HOUSEHOLD, CRISIS, URGENCY, PHOTOS, CONTACT)
QUESTIONS = frozenset((*FLOW, PHONE))
