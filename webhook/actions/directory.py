"""Keeping the shared lists staff work from: reply templates and the partner directory.
Who may keep them (storage.access) is declared on the routes."""

from __future__ import annotations

from sqlmodel import Session

from storage import partners, reply_templates
from storage.models import Partner, ReplyTemplate
from storage.partner_import import ImportResult, import_csv
from storage.partners import PartnerFields
from storage.rows import require_id
from webhook.actions import Actor, all_or_nothing, done


def create_template(
    session: Session, actor: Actor, *, title: str, body: str, language: str | None
) -> ReplyTemplate:
    """A saved reply; `language` None offers it for every language. Raises TemplateError."""
    with all_or_nothing(session):
        template = reply_templates.create_template(
            session, title=title, body=body, language=language, staff_id=actor.staff_id
        )
    detail = {"template_id": template.id, "title": template.title}
    done(session, actor, "template_created", detail=detail)
    return template


def retire_template(session: Session, actor: Actor, *, template_id: int) -> bool:
    """Stop offering a template; False when there is no such active template."""
    if not reply_templates.retire_template(session, template_id=template_id):
        return False
    done(session, actor, "template_retired", detail={"template_id": template_id})
    return True


def create_partner(session: Session, actor: Actor, fields: PartnerFields) -> Partner:
    """A new partner organisation. Raises PartnerError."""
    with all_or_nothing(session):
        partner = partners.create_partner(session, fields)
    _saved(session, actor, "partner_created", partner)
    return partner


def update_partner(
    session: Session, actor: Actor, *, partner_id: int, fields: PartnerFields
) -> Partner:
    """A partner's new details. Raises PartnerError."""
    with all_or_nothing(session):
        partner = partners.update_partner(session, partner_id=partner_id, fields=fields)
    _saved(session, actor, "partner_updated", partner)
    return partner


def set_partner_active(session: Session, actor: Actor, partner: Partner, *, active: bool) -> None:
    """Deactivate a partner (kept, since referrals name it) or reactivate one."""
    partners.set_active(session, partner_id=require_id(partner), active=active)
    action = "partner_reactivated" if partner.active else "partner_deactivated"
    _saved(session, actor, action, partner)


def import_partners(
    session: Session, actor: Actor, text: str, *, service_names: dict[str, str]
) -> ImportResult:
    """Create or update partners from a CSV file's text; returns what happened per line."""
    result = import_csv(session, text, service_names=service_names)
    detail = {"created": result.created, "updated": result.updated, "errors": len(result.errors)}
    done(session, actor, "partners_imported", detail=detail)
    return result


def _saved(session: Session, actor: Actor, action: str, partner: Partner) -> None:
    done(session, actor, action, detail={"partner_id": partner.id, "name": partner.name})
