"""After a trial run, with a real bot: what the simulator left in the database is retired."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine

from storage import audit
from storage.db import session_scope
from webhook.simulator.demo import seed as demo
from webhook.simulator.demo.seed import DEMO_ADMIN

log = logging.getLogger("sagak")


def retire_demo_leftovers(engine: Engine) -> None:
    """With a real bot: disable the simulator's `demo` admin (its password was printed in a
    terminal) and warn about demo cases still in the queue. Not refused: the webhook must
    come up, and the demo cases are the operator's to judge (see docs/operations.md)."""
    with session_scope(engine) as session:
        disabled = demo.retire_demo_admin(session, username=DEMO_ADMIN)
        if disabled:
            audit.record(
                session,
                action="staff_disabled",
                actor="system",
                detail={"username": DEMO_ADMIN, "why": "real Telegram token configured"},
            )
        seeded = demo.demo_case_count(session)
    if disabled:
        log.warning(
            "a real Telegram token is set, so the simulator's demo admin account %r was "
            "DISABLED (its sessions ended, its API tokens revoked). Create real accounts "
            "with `sagak staff add`; an admin can re-enable %r on /admin/staff if needed.",
            DEMO_ADMIN,
            DEMO_ADMIN,
        )
    if seeded:
        log.warning(
            "this database still holds %d demo cases from `sagak demo seed` (reporters "
            "%d..%d, counsellors %s); they are in the staff queue and statistics. Start "
            "production on a fresh database (SAGAK_DATABASE_URL), see docs/operations.md.",
            seeded,
            demo.DEMO_USERS,
            demo.LAST_DEMO_USER,
            ", ".join(demo.COUNSELLORS),
        )
