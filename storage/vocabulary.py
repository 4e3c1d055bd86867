"""The words sagak's tables, API and pages share, one StrEnum each.

A member's value is exactly what the database stores and the API sends, so a member
compares equal to its plain string and serializes as it. Priority lives in triage
(it is triage's answer) and is re-exported here so that one import names them all.
"""

from __future__ import annotations

from enum import StrEnum

from triage import Priority


class CaseStatus(StrEnum):
    """Where a case stands in the team's work."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    HELP_ARRANGED = "help_arranged"
    CLOSED = "closed"


# The cases still in the queue: every status but closed.
OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.IN_PROGRESS, CaseStatus.HELP_ARRANGED)


class Outcome(StrEnum):
    """What came of a case; a closed case always has one (the monthly figures count them)."""

    VISITED = "visited"
    PUBLIC_BENEFIT = "public_benefit"
    PARTNER_REFERRAL = "partner_referral"
    NO_NEED = "no_need"
    UNREACHABLE = "unreachable"
    DUPLICATE = "duplicate"


# Outcomes that linked the household to help (benefits or a partner organisation).
LINKAGE_OUTCOMES = (Outcome.PUBLIC_BENEFIT, Outcome.PARTNER_REFERRAL)


class StaffRole(StrEnum):
    """What a staff account may do: supervisors and admins see every team's cases."""

    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class ReporterRole(StrEnum):
    """Who writes to the bot; a case's source is the role of the person who reported it."""

    RESIDENT = "resident"
    VOLUNTEER = "volunteer"


class ConversationState(StrEnum):
    """Where a reporter's conversation stands (Reporter.state), kept in our table."""

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
    # The writer is the person at risk: their words join the case and are answered with
    # care, never with the report's questions.
    CRISIS_CHAT = "crisis_chat"


class Channel(StrEnum):
    """The messenger a person writes through."""

    TELEGRAM = "telegram"


__all__ = [
    "LINKAGE_OUTCOMES",
    "OPEN_STATUSES",
    "CaseStatus",
    "Channel",
    "ConversationState",
    "Outcome",
    "Priority",
    "ReporterRole",
    "StaffRole",
]
