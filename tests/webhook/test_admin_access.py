"""The authorization matrix: every page and every API route, for each role, another team's
case, no session, an expired session and a form without its CSRF token."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlmodel import Session, col, select, update

from storage import reply_templates
from storage import staff as staff_repo
from storage.db import session_scope
from storage.models import ApiToken, Attachment, StaffSession
from storage.types import utcnow
from tests.fake_telegram import FakeTelegram
from tests.harness import bearer
from tests.staff_pages import Pages, StaffClient, start_pages
from tests.updates import Person
from webhook import admin
from webhook.settings import Settings

# Who may use each page: "anyone" signed in; "case": whoever may see the case (another
# team's staff get 404, as if it did not exist); "reassign", "supervisor", "admin": roles.
PAGES: dict[tuple[str, str], str] = {
    ("GET", "/admin/"): "anyone",
    ("GET", "/admin/queue.json"): "anyone",
    ("GET", "/admin/stats"): "anyone",
    ("GET", "/admin/stats.csv"): "anyone",
    ("POST", "/admin/language"): "anyone",
    ("GET", "/admin/cases/{case_id}"): "case",
    ("GET", "/admin/cases/{case_id}/attachments/{attachment_id}"): "case",
    ("POST", "/admin/cases/{case_id}/reply"): "case",
    ("POST", "/admin/cases/{case_id}/assign"): "case",
    ("POST", "/admin/cases/{case_id}/priority"): "case",
    ("POST", "/admin/cases/{case_id}/status"): "case",
    ("POST", "/admin/cases/{case_id}/notes"): "case",
    ("POST", "/admin/cases/{case_id}/merge"): "case",
    ("POST", "/admin/cases/{case_id}/confirm-duplicate"): "case",
    ("POST", "/admin/cases/{case_id}/split"): "case",
    ("POST", "/admin/cases/{case_id}/team"): "reassign",
    ("GET", "/admin/audit"): "supervisor",
    ("GET", "/admin/audit.csv"): "supervisor",
    ("GET", "/admin/templates"): "supervisor",
    ("POST", "/admin/templates"): "supervisor",
    ("POST", "/admin/templates/{template_id}/retire"): "supervisor",
    ("GET", "/admin/staff"): "admin",
    ("POST", "/admin/staff"): "admin",
    ("GET", "/admin/staff/{staff_id}"): "admin",
    ("POST", "/admin/staff/{staff_id}/account"): "admin",
    ("POST", "/admin/staff/{staff_id}/active"): "admin",
    ("POST", "/admin/staff/{staff_id}/password"): "admin",
    ("POST", "/admin/staff/{staff_id}/tokens"): "admin",
    ("POST", "/admin/staff/{staff_id}/tokens/{token_id}/revoke"): "admin",
    ("POST", "/admin/staff/{staff_id}/sessions/revoke"): "admin",
    ("POST", "/admin/logout"): "anyone",  # last: it ends the session
}
PUBLIC = {("GET", "/"), ("GET", "/admin"), ("GET", "/admin/login"), ("POST", "/admin/login")}
FORMS: dict[str, dict[str, str]] = {
    "/admin/language": {"lang": "en", "next": "/admin/"},
    "/admin/cases/{case_id}/reply": {"text": "확인하러 가겠습니다"},
    "/admin/cases/{case_id}/assign": {"assignee": ""},
    "/admin/cases/{case_id}/priority": {"priority": "high", "reason": "matrix"},
    "/admin/cases/{case_id}/status": {"status": "in_progress"},
    "/admin/cases/{case_id}/notes": {"text": "note"},
    "/admin/cases/{case_id}/merge": {"reference": "SG-NONE22"},
    "/admin/cases/{case_id}/team": {"team": "haemi"},
    "/admin/templates": {"title": "t", "body": "b"},
    "/admin/staff": {"username": "newbie", "role": "staff", "password": "long enough pw"},
    "/admin/staff/{staff_id}/account": {"role": "staff", "team": "haemi"},
    "/admin/staff/{staff_id}/active": {"active": "1"},
    "/admin/staff/{staff_id}/password": {
        "password": "another long pw",
        "repeat": "another long pw",
    },
}
ROLES = {
    "insider": ("staff", "haemi"),
    "outsider": ("staff", "eumam"),
    "supervisor": ("supervisor", "eumam"),
    "admin": ("admin", None),
}
ALLOWED = {
    "anyone": {"insider", "outsider", "supervisor", "admin"},
    "case": {"insider", "supervisor", "admin"},
    "reassign": {"supervisor", "admin"},
    "supervisor": {"supervisor", "admin"},
    "admin": {"admin"},
}


@pytest.fixture
async def pages(settings: Settings) -> AsyncIterator[Pages]:
    async with start_pages(settings) as running:
        yield running


class World:
    """A case of team haemi with a photo, and the objects the staff pages act on."""

    def __init__(self, pages: Pages, case_id: int, attachment_id: int, target_id: int) -> None:
        self.pages = pages
        self.case_id = case_id
        self.attachment_id = attachment_id
        self.target_id = target_id

    def fresh_template(self) -> int:
        with session_scope(self.pages.engine) as session:
            template = reply_templates.create_template(
                session, title="t", body="b", language=None, staff_id=None
            )
            assert template.id is not None
            return template.id

    def fresh_token(self) -> int:
        with session_scope(self.pages.engine) as session:
            staff_repo.issue_token(session, staff_id=self.target_id)
            session.flush()
            row = session.exec(
                select(ApiToken)
                .where(col(ApiToken.staff_id) == self.target_id)
                .order_by(col(ApiToken.id).desc())
            ).first()
            assert row is not None and row.id is not None
            return row.id

    def path(self, template: str) -> str:
        values: dict[str, Any] = {
            "case_id": self.case_id,
            "attachment_id": self.attachment_id,
            "staff_id": self.target_id,
        }
        if "{template_id}" in template:
            values["template_id"] = self.fresh_template()
        if "{token_id}" in template:
            values["token_id"] = self.fresh_token()
        return template.format(**values)


async def _world(pages: Pages, fake: FakeTelegram) -> World:
    resident = Person(6001)
    case = await pages.report(fake, resident, "옆집 할머니 댁 가스가 끊겼대요", team="haemi")
    fake.add_file("MATRIX-PHOTO", b"\xff\xd8\xff\xe0 jpeg bytes", "photos/matrix.jpg")
    await pages.deliver(resident.photo("MATRIX-PHOTO"))
    attachment = await pages.wait_for_row(Attachment)
    assert case.id is not None and attachment.id is not None
    target = pages.add_staff("target", "staff", "haemi")
    return World(pages, case.id, attachment.id, target)


async def _call(
    client: StaffClient, world: World, method: str, template: str, *, csrf: bool = True
):
    path = world.path(template)
    if method == "GET":
        return await client.get(path)
    return await client.post(path, FORMS.get(template, {}), csrf=csrf)


def _to_login(response: Any) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/admin/login")


def test_the_matrix_covers_every_page() -> None:
    routes = {
        (method, route.path)
        for router in admin.ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert routes == set(PAGES) | PUBLIC


async def test_each_role_reaches_exactly_its_pages(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    for role, (kind, team) in ROLES.items():
        client = await pages.login(role, kind, team)
        for (method, template), rule in PAGES.items():
            response = await _call(client, world, method, template)
            where = (role, method, template, response.status_code)
            if role in ALLOWED[rule]:
                signed_out = template == "/admin/logout"  # its success is the sign-in page
                assert response.status_code in (200, 303), where
                assert _to_login(response) == signed_out, where
                assert "error=admin.error.forbidden" not in response.headers.get("location", "")
            elif rule in ("case", "reassign") and role == "outsider":
                assert response.status_code == 404, where  # another team's case does not exist
            else:
                assert response.status_code == 403, where


async def test_without_a_session_every_page_sends_to_sign_in(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    anonymous = StaffClient(pages.http(), "nobody", csrf="forged")
    for method, template in PAGES:
        response = await _call(anonymous, world, method, template)
        if template.endswith(".json"):
            assert response.status_code == 401, template
        else:
            assert _to_login(response), (method, template, response.status_code)


async def test_an_expired_session_is_no_session(pages: Pages, fake_telegram: FakeTelegram) -> None:
    world = await _world(pages, fake_telegram)
    admin = await pages.login("admin", "admin")
    with Session(pages.engine) as session:
        session.exec(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=1)))
        session.commit()
    for method, template in PAGES:
        response = await _call(admin, world, method, template)
        assert response.status_code == 401 or _to_login(response), (method, template)


async def test_forms_without_the_csrf_token_are_refused(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    admin = await pages.login("admin", "admin")
    posts = [(m, t) for m, t in PAGES if m == "POST"]
    for method, template in posts:
        response = await _call(admin, world, method, template, csrf=False)
        assert response.status_code == 403, template
    forged = StaffClient(admin.http, "admin", csrf="not-the-token")
    for method, template in posts:
        assert (await _call(forged, world, method, template)).status_code == 403, template
    assert fake_telegram.texts(6001)[-1] != "확인하러 가겠습니다"  # no reply was sent
    assert (await admin.get("/admin/")).status_code == 200  # logout without a token did nothing


# Bodies that pass validation, so that the answer is about access, not about the body.
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/cases/{case_id}/reply"): {"text": "확인하겠습니다"},
    ("PATCH", "/api/cases/{case_id}"): {"status": "in_progress"},
    ("POST", "/api/volunteers/invites"): {"name": "통장님"},
    ("POST", "/api/cases/{case_id}/merge"): {"into": 0},
}


async def test_every_api_route_needs_a_token_and_hides_other_teams_cases(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    http = pages.http()
    api = [
        (method.upper(), path)
        for path, operations in pages.fastapi.openapi()["paths"].items()
        if path.startswith("/api/")
        for method in sorted(operations)
    ]
    assert len(api) >= 5
    tokens = {}
    for role, (kind, team) in ROLES.items():
        pages.add_staff(f"api-{role}", kind, team)
        tokens[role] = pages.api_token(f"api-{role}")
    for method, template in api:
        path = template.format(case_id=world.case_id)
        body = API_BODIES.get((method, template), {})
        if "into" in body:
            body = {"into": world.case_id}
        none = await http.request(method, path, json=body)
        assert none.status_code == 401, (method, template)
        if "{case_id}" in template:
            outsider = await http.request(
                method, path, json=body, headers=bearer(tokens["outsider"])
            )
            assert outsider.status_code == 404, (method, template, outsider.text)
        for role in ("insider", "supervisor", "admin"):
            allowed = await http.request(method, path, json=body, headers=bearer(tokens[role]))
            assert allowed.status_code not in (401, 403, 404), (role, method, template)
