"""The SLA clock as staff see it: it runs until staff first act on a case."""

from __future__ import annotations

from storage.models import Case
from webhook.admin.render import Clock, Translator


def sla_state(case: Case, clock: Clock, _: Translator) -> tuple[str, str]:
    """("running" | "overdue" | "answered" | "closed", text to show).

    A case is due when staff must first act on it (triage.due_at); once it left "new"
    the clock has stopped, so an old case in progress is not shown as overdue.
    """
    if case.status == "closed":
        return "closed", "–"
    if case.status != "new":
        return "answered", _("admin.sla.answered")
    left = clock.minutes_until(case.due_at)
    if left >= 0:
        return "running", _("admin.sla.left", time=_.duration(left))
    return "overdue", _("admin.sla.overdue", time=_.duration(-left))
