"""The case page's visit requests: who was asked, what they answered, whom to ask next."""

from __future__ import annotations

from sqlmodel import Session

from storage import visits, volunteers
from storage.models import Case
from storage.rows import require_id


def case_visits(session: Session, case: Case) -> dict[str, object]:
    """Every request about the case (newest first) and the active volunteers to ask."""
    case_id = require_id(case)
    return {
        "rows": visits.of_case(session, case_id=case_id),
        "volunteers": [
            row.volunteer for row in volunteers.list_volunteers(session) if row.volunteer.active
        ],
        "open": visits.OPEN,
    }
