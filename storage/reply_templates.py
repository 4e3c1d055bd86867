"""Saved replies staff start from when answering a reporter."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from storage.models import ReplyTemplate

MAX_TITLE_LENGTH = 100
MAX_BODY_LENGTH = 3500  # the relay's limit for one reply


class TemplateError(ValueError):
    """The template's title or body is missing or too long."""


def create_template(
    session: Session, *, title: str, body: str, language: str | None, staff_id: int | None
) -> ReplyTemplate:
    """Save a reply template; `language` None means it is offered for every language."""
    title, body = title.strip(), body.strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        raise TemplateError(f"title must be 1-{MAX_TITLE_LENGTH} characters")
    if not body or len(body) > MAX_BODY_LENGTH:
        raise TemplateError(f"text must be 1-{MAX_BODY_LENGTH} characters")
    template = ReplyTemplate(title=title, body=body, language=language, created_by=staff_id)
    session.add(template)
    session.flush()
    return template


def list_templates(session: Session, *, language: str | None = None) -> list[ReplyTemplate]:
    """Active templates, those in `language` (and language-neutral ones) when it is given."""
    statement = select(ReplyTemplate).where(col(ReplyTemplate.active))
    if language is not None:
        statement = statement.where(
            or_(col(ReplyTemplate.language) == language, col(ReplyTemplate.language).is_(None))
        )
    return list(session.exec(statement.order_by(col(ReplyTemplate.title))).all())


def retire_template(session: Session, *, template_id: int) -> bool:
    """Stop offering a template (kept, since sent replies may have used it); False if unknown."""
    template = session.get(ReplyTemplate, template_id)
    if template is None or not template.active:
        return False
    template.active = False
    session.add(template)
    return True
