"""Staff actions on households (which reports are about the same people): view, merge,
confirm an automatic link, split. The caller has checked that staff may see the cases it
names; storage.households checks the rest of both households and their teams."""

from __future__ import annotations

from sqlmodel import Session

from storage import households
from storage.models import Case
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done


def merge(session: Session, actor: Actor, case: Case, *, into: Case) -> Case:
    """`case` is about the same household as `into`; returns the household's case.
    Raises HouseholdError (`other_team` when the teams differ and the actor may not move
    reports between them)."""
    with all_or_nothing(session):
        primary = households.merge(session, case=case, into=into, staff=actor.staff)
    done(session, actor, "case_merged", case_id=require_id(case), detail={"into": primary.id})
    return primary


def confirm_duplicate(session: Session, actor: Actor, case: Case) -> Case:
    """Staff agree with triage that `case` is about a known household; returns its case.
    Raises HouseholdError."""
    with all_or_nothing(session):
        primary = households.confirm(session, case=case, staff=actor.staff)
    detail = {"primary": primary.id}
    done(session, actor, "duplicate_confirmed", case_id=require_id(case), detail=detail)
    return primary


def split(session: Session, actor: Actor, case: Case) -> Case:
    """`case` is about a different household and stands alone again; returns the case it
    was linked to. Raises HouseholdError."""
    with all_or_nothing(session):
        former = households.split(session, case=case, staff=actor.staff)
    done(session, actor, "case_split", case_id=require_id(case), detail={"from": former.id})
    return former
