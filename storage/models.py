"""The tables sagak keeps. Queries live in the repository modules beside this one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow


def _when(*, nullable: bool = False, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True, index=index)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)


class Reporter(SQLModel, table=True):
    """A Telegram user who writes to the bot; the conversation state lives here too."""

    __tablename__ = "reporters"

    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, unique=True, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    language: str = Field(default="ko", max_length=8)
    role: str = Field(default="resident", max_length=16)
    state: str = Field(default="idle", max_length=32)
    # No foreign key: cases already point at reporters, and a cycle would complicate DDL.
    open_case_id: int | None = Field(default=None)
    reachable: bool = Field(default=True)
    created_at: datetime = _when()
    updated_at: datetime = _when()
    # resident conversation (issue 3)
    # True once the reporter picked a language with /language: Telegram's code no longer wins.
    language_chosen: bool = Field(default=False)
    # Staff may contact the reporter directly only when contact_consent is True; the phone
    # is kept only then, and never shown otherwise.
    contact_consent: bool = Field(default=False)
    phone: str | None = Field(default=None, max_length=32)
    # /forget: identity erased (telegram_user_id and chat_id replaced by anonymous markers).
    forgotten_at: datetime | None = _when(nullable=True)
    # Flood control: messages in the current one-minute window, and whether we said so.
    burst_started_at: datetime | None = _when(nullable=True)
    burst_count: int = Field(default=0)
    burst_warned: bool = Field(default=False)
    # volunteers (issue 6): the visit request whose notes the volunteer is sending now.
    visit_request_id: int | None = Field(default=None)


class Staff(SQLModel, table=True):
    """A member of the welfare team who works the queue."""

    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="staff", max_length=16)
    team: str | None = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    created_at: datetime = _when()
    # staff admin (issue 5): the pages' language; None follows the browser's Accept-Language.
    language: str | None = Field(default=None, max_length=8)


class ApiToken(SQLModel, table=True):
    """A bearer token for the staff API; only its SHA-256 digest is stored."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when()
    last_used_at: datetime | None = _when(nullable=True)
    revoked_at: datetime | None = _when(nullable=True)


class Case(SQLModel, table=True):
    """One household someone is worried about, with its triage and queue state."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_queue", "status", "priority", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, unique=True)
    status: str = Field(default="new", max_length=16)
    priority: str = Field(default="normal", max_length=16)
    score: int = Field(default=0)
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    priority_set_by_staff: bool = Field(default=False)
    source: str = Field(default="resident", max_length=16)
    summary: str = Field(default="", max_length=200)
    reporter_id: int | None = Field(default=None, foreign_key="reporters.id", index=True)
    team: str | None = Field(default=None, max_length=64)
    assignee_id: int | None = Field(default=None, foreign_key="staff.id")
    outcome: str | None = Field(default=None, max_length=32)
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = Field(default=None, sa_column=Column(Text))
    reporter_unreachable: bool = Field(default=False)
    created_at: datetime = _when(index=True)
    updated_at: datetime = _when()
    due_at: datetime = _when()
    closed_at: datetime | None = _when(nullable=True)
    # resident conversation (issue 3)
    # The reporter's structured answers, keys as triage.assess(facts=...) reads them:
    # lives_alone, age_band, children, disability, elderly, crisis_types, reporter_urgency,
    # source. A key is absent until answered.
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    # triage and queue (issue 4)
    # Distinct people who reported this household: this case plus the reports linked to it.
    reporters_count: int = Field(default=1)
    # A later report about the same household points at the case staff work on. No
    # foreign key: adding one would make SQLite rebuild the referenced cases table.
    duplicate_of: int | None = Field(default=None, index=True)
    duplicate_state: str | None = Field(default=None, max_length=16)  # suspected|confirmed
    address_key: str | None = Field(default=None, max_length=200, index=True)
    sla_breaches: int = Field(default=0)
    # While a case stays new past due_at, the SLA sweep alerts staff again at this time
    # (the interval rises with each alert); null until the first alert. due_at itself stays
    # the deadline the report was given.
    sla_next_alert_at: datetime | None = _when(nullable=True)
    erased_at: datetime | None = _when(nullable=True)


class Message(SQLModel, table=True):
    """One message on a case's timeline, inbound from the reporter or outbound to them."""

    __tablename__ = "messages"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    direction: str = Field(max_length=3)  # "in" or "out"
    author: str = Field(max_length=16)  # reporter, bot or staff
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    kind: str = Field(default="text", max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    telegram_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    delivery: str | None = Field(default=None, max_length=16)
    delivery_error: str | None = Field(default=None, max_length=255)
    created_at: datetime = _when()
    delivered_at: datetime | None = _when(nullable=True)
    # resident conversation (issue 3): set when the reporter edited the message; the
    # earlier wording is kept in the case's "message_edited" event.
    edited_at: datetime | None = _when(nullable=True)


class Attachment(SQLModel, table=True):
    """A photo, voice note or document a reporter sent; sagak keeps the bytes in its
    attachment store (``storage_key``), see storage/attachments.py for the states."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_fetch", "status", "next_fetch_at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    message_id: int = Field(foreign_key="messages.id")
    kind: str = Field(max_length=16)
    # Empty for files that did not come from Telegram (KakaoTalk photos arrive as bytes).
    telegram_file_id: str = Field(default="", max_length=255)
    telegram_file_unique_id: str = Field(default="", max_length=64)
    mime_type: str | None = Field(default=None, max_length=100)  # what the sender claimed
    size: int | None = None
    created_at: datetime = _when()
    # pending (to fetch) | remote (older row: fetched on first view) | stored | refused |
    # failed (the channel no longer has it) | erased
    status: str = Field(default="pending", max_length=16)
    storage_key: str | None = Field(default=None, max_length=64, unique=True, index=True)
    content_type: str | None = Field(default=None, max_length=100)  # from the bytes themselves
    refused_reason: str | None = Field(default=None, max_length=32)
    fetch_attempts: int = Field(default=0)
    next_fetch_at: datetime | None = _when(nullable=True)
    fetch_claimed_until: datetime | None = _when(nullable=True)


class CaseEvent(SQLModel, table=True):
    """The history of a case: every change, by whom."""

    __tablename__ = "case_events"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=32)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    at: datetime = _when()


class OutboxMessage(SQLModel, table=True):
    """A Bot API call waiting to be made, written in the same transaction as its cause."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    method: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    message_id: int | None = Field(default=None, foreign_key="messages.id")
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = _when()
    claimed_until: datetime | None = _when(nullable=True)
    last_error: str | None = Field(default=None, max_length=255)
    telegram_message_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: datetime = _when()
    sent_at: datetime | None = _when(nullable=True)
    # volunteers (issue 6) release: emergency numbers and staff alerts jump the queue.
    urgent: bool = Field(default=False)


class InboxUpdate(SQLModel, table=True):
    """A raw Telegram update, stored before the webhook answers 200."""

    __tablename__ = "inbox"
    # The worker takes the oldest pending update: this index hands it over in order, so a
    # backlog of thousands costs one step, not a sort.
    __table_args__ = (Index("ix_inbox_status_update", "status", "update_id"),)

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    # Kept beside the payload so that updates from one chat are processed in order.
    chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=255)
    received_at: datetime = _when()
    processed_at: datetime | None = _when(nullable=True)
    # volunteers (issue 6) release: a failed update waits before its next attempt.
    next_attempt_at: datetime | None = _when(nullable=True)


class AuditEntry(SQLModel, table=True):
    """Who looked at or changed what, when and from where (kept for the privacy law)."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _when(index=True)
    actor: str = Field(max_length=80)  # "staff:<username>", "system", "cli"
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    action: str = Field(max_length=48)
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    ip: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


__all__ = [
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "Case",
    "CaseEvent",
    "CaseNote",
    "District",
    "InboxUpdate",
    "JobRun",
    "LoginFailure",
    "Message",
    "OutboxMessage",
    "Partner",
    "QueuePolicy",
    "Referral",
    "ReplyTemplate",
    "Reporter",
    "ServerKey",
    "Staff",
    "StaffSession",
    "VisitRequest",
    "Volunteer",
    "VolunteerInvite",
]


class Volunteer(SQLModel, table=True):
    """An honorary welfare volunteer (명예사회복지공무원), bound to a Telegram user by invite."""

    __tablename__ = "volunteers"

    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="reporters.id", unique=True)
    name: str = Field(max_length=100)
    active: bool = Field(default=True)
    invite_id: int | None = Field(default=None, foreign_key="volunteer_invites.id")
    created_at: datetime = _when()


class VolunteerInvite(SQLModel, table=True):
    """A one-time code that makes whoever sends `/start CODE` a volunteer."""

    __tablename__ = "volunteer_invites"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=100)
    created_by: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = _when()
    expires_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)
    used_by_reporter_id: int | None = Field(default=None, foreign_key="reporters.id")


class QueuePolicy(SQLModel, table=True):
    """The deployment's queue settings, written at start so every instance and job agree."""

    __tablename__ = "queue_policy"

    id: int = Field(default=1, primary_key=True)  # one row
    timezone: str = Field(default="Asia/Seoul", max_length=64)
    sla_seconds: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))
    default_team: str | None = Field(default=None, max_length=64)
    updated_at: datetime = _when()


class District(SQLModel, table=True):
    """A 읍·면·동 and the team that serves it, loaded from the districts file at start."""

    __tablename__ = "districts"

    id: int | None = Field(default=None, primary_key=True)
    position: int = Field(default=0)  # order in the file: earlier wins a tie
    name: str = Field(max_length=64)
    team: str = Field(max_length=64)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    lat_min: float | None = None
    lon_min: float | None = None
    lat_max: float | None = None
    lon_max: float | None = None


class JobRun(SQLModel, table=True):
    """One unit of scheduled work done; the unique key makes it happen once across instances."""

    __tablename__ = "job_runs"
    __table_args__ = (Index("ux_job_runs_job_key", "job", "key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=32)
    key: str = Field(max_length=160)
    instance: str = Field(default="", max_length=64)
    at: datetime = _when(index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


# staff admin (issue 5): browser sessions, login throttling, internal notes, reply templates


class StaffSession(SQLModel, table=True):
    """A signed-in browser; only a digest of its cookie is kept, and it can be revoked."""

    __tablename__ = "staff_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    # The synchronizer token every form of this session must carry.
    csrf_token: str = Field(max_length=64)
    created_at: datetime = _when()
    last_seen_at: datetime = _when()
    expires_at: datetime = _when()
    revoked_at: datetime | None = _when(nullable=True)
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=255)


class LoginFailure(SQLModel, table=True):
    """A failed sign-in, counted per username and address to slow down password guessing."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_who", "username", "ip", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    ip: str = Field(default="", max_length=64)
    at: datetime = _when()


class ServerKey(SQLModel, table=True):
    """A random secret made once and shared by every instance, e.g. the key that signs the
    sign-in form's token (instances behind one address must accept each other's forms)."""

    __tablename__ = "server_keys"

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=128)
    created_at: datetime = _when()


class CaseNote(SQLModel, table=True):
    """An internal note on a case: staff only, never sent to the reporter."""

    __tablename__ = "case_notes"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _when()


class ReplyTemplate(SQLModel, table=True):
    """A saved reply staff can start from, in one language or for any."""

    __tablename__ = "reply_templates"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    body: str = Field(sa_column=Column(Text, nullable=False))
    language: str | None = Field(default=None, max_length=8)
    created_by: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = _when()
    active: bool = Field(default=True)


# volunteers and partner organisations (issue 6)


class VisitRequest(SQLModel, table=True):
    """Staff ask a volunteer to look in on a case's household; the volunteer reports back.

    The volunteer sees only ``details`` (what staff chose to share), never the case itself.
    status: pending -> accepted | declined; accepted -> reported. ``cancelled`` by staff.
    """

    __tablename__ = "visit_requests"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    volunteer_id: int = Field(foreign_key="volunteers.id", index=True)
    requested_by: int | None = Field(default=None, foreign_key="staff.id")
    details: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    result: str | None = Field(default=None, max_length=16)  # fine | needs_help | no_answer
    created_at: datetime = _when()
    answered_at: datetime | None = _when(nullable=True)  # accepted or declined
    reported_at: datetime | None = _when(nullable=True)
    reminded_at: datetime | None = _when(nullable=True)
    flagged_at: datetime | None = _when(nullable=True)  # staff told it went unanswered


class Partner(SQLModel, table=True):
    """A partner organisation help can come from (food bank, clinic, legal aid, ...)."""

    __tablename__ = "partners"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    # Categories from storage.partners.SERVICES.
    services: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # District names (as in the districts table); empty means the whole city.
    districts: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    contact: str = Field(default="", max_length=200)
    hours: str = Field(default="", max_length=200)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    # Listed to residents who ask the bot for help resources (some partners take
    # referrals from staff only).
    public: bool = Field(default=True)
    active: bool = Field(default=True)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class Referral(SQLModel, table=True):
    """Staff linked a case's household to a partner organisation for one kind of help."""

    __tablename__ = "referrals"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    partner_id: int = Field(foreign_key="partners.id", index=True)
    service: str = Field(max_length=32)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    referred_at: datetime = _when(index=True)
    # referred (waiting) | accepted | helped | declined | no_response
    result: str = Field(default="referred", max_length=16)
    result_at: datetime | None = _when(nullable=True)
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
