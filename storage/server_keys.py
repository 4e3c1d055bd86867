"""Secrets sagak makes for itself and keeps in the database, so that every instance behind
one address holds the same ones (a form signed by one instance is accepted by another)."""

from __future__ import annotations

import secrets

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models import ServerKey

LOGIN_FORM = "login_form"  # signs the sign-in form's CSRF token (webhook.admin.auth)


def load_or_create(engine: Engine, *, name: str) -> bytes:
    """The key called `name`, made at random (32 bytes) the first time it is asked for."""
    for _ in range(2):
        with Session(engine) as session:
            row = session.get(ServerKey, name)
            if row is not None:
                return bytes.fromhex(row.value)
            session.add(ServerKey(name=name, value=secrets.token_hex(32)))
            try:
                session.commit()
            except IntegrityError:  # another instance made it first: read theirs
                session.rollback()
                continue
            return load_or_create(engine, name=name)
    raise RuntimeError(f"server key {name!r} could not be stored")
