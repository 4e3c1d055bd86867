"""Where a reporter's conversation stands (Reporter.state), and the order of the questions.

The states themselves are storage.vocabulary.ConversationState; the short names here keep
the dialogue modules readable.
"""

from __future__ import annotations

from storage.vocabulary import ConversationState

IDLE = ConversationState.IDLE
OPEN = ConversationState.OPEN
DANGER = ConversationState.DANGER
LOCATION = ConversationState.LOCATION
AGE = ConversationState.AGE
HOUSEHOLD = ConversationState.HOUSEHOLD
CRISIS = ConversationState.CRISIS
URGENCY = ConversationState.URGENCY
PHOTOS = ConversationState.PHOTOS
CONTACT = ConversationState.CONTACT
PHONE = ConversationState.PHONE
SIGNS = ConversationState.SIGNS
SEEN = ConversationState.SEEN
VISIT_NOTES = ConversationState.VISIT_NOTES
CRISIS_CHAT = ConversationState.CRISIS_CHAT

# The optional questions, in the order they are asked after the receipt. Whether a life may
# be in danger comes first (skipped when triage already rated the report critical): the
# classifier misses some, the reporter often knows.
FLOW = (DANGER, LOCATION, AGE, HOUSEHOLD, CRISIS, URGENCY, PHOTOS, CONTACT)
# A volunteer's field tip: danger, place, household, observed signs, when seen, photos.
# Staff know who the volunteer is, so there is no contact question.
VOLUNTEER_FLOW = (DANGER, LOCATION, HOUSEHOLD, SIGNS, SEEN, PHOTOS)
QUESTIONS = frozenset((*FLOW, *VOLUNTEER_FLOW, PHONE))
