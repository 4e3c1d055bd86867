"""The authorization matrix: every page and every API route, for each role, another team's
case, no session, an expired session and a form without its CSRF token."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlmodel import Session, col, select, update

from storage import partners, referrals, reply_templates, visits
from storage import staff as staff_repo
from storage.db import session_scope
from storage.models import (
    ApiToken,
    Attachment,
    AuditEntry,
    Case,
    Reporter,
    StaffSession,
    Volunteer,
)
from storage.partners import PartnerFields
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
    ("GET", "/admin/sla.json"): "anyone",
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
    ("GET", "/admin/partners"): "anyone",
    ("POST", "/admin/partners"): "supervisor",
    ("POST", "/admin/partners/import"): "supervisor",
    ("GET", "/admin/partners/{partner_id}"): "supervisor",
    ("POST", "/admin/partners/{partner_id}"): "supervisor",
    ("POST", "/admin/partners/{partner_id}/active"): "supervisor",
    ("POST", "/admin/cases/{case_id}/referrals"): "case",
    ("POST", "/admin/cases/{case_id}/referrals/{referral_id}/result"): "case",
    ("GET", "/admin/volunteers"): "anyone",
    ("POST", "/admin/volunteers/invites"): "anyone",
    ("POST", "/admin/volunteers/{volunteer_id}/active"): "anyone",
    ("POST", "/admin/cases/{case_id}/visit-requests"): "case",
    ("POST", "/admin/cases/{case_id}/visit-requests/{request_id}/cancel"): "case",
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
    "/admin/partners": {"name": "Matrix pantry", "services": "food"},
    "/admin/partners/{partner_id}": {"name": "Matrix clinic", "services": "health"},
    "/admin/partners/{partner_id}/active": {"active": "0"},
    # Values with {placeholders} are filled like paths: here a fresh partner's id.
    "/admin/cases/{case_id}/referrals": {"choice": "{partner_id}:food"},
    "/admin/cases/{case_id}/referrals/{referral_id}/result": {"result": "accepted"},
    "/admin/volunteers/invites": {"name": "매트릭스 통장"},
    "/admin/volunteers/{volunteer_id}/active": {"active": "1"},
    "/admin/cases/{case_id}/visit-requests": {
        "volunteer_id": "{volunteer_id}",
        "details": "문 앞에서 안부만 확인해 주세요",
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
        if "{partner_id}" in template:
            values["partner_id"] = self.fresh_partner()
        if "{referral_id}" in template:
            values["referral_id"] = self.fresh_referral()
        if "{volunteer_id}" in template or "{request_id}" in template:
            values["volunteer_id"] = self.fresh_volunteer()
        if "{request_id}" in template:
            values["request_id"] = self.fresh_visit_request(values["volunteer_id"])
        return template.format(**values)

    def fresh_volunteer(self) -> int:
        with session_scope(self.pages.engine) as session:
            user = 700_000 + secrets.randbelow(100_000)
            reporter = Reporter(telegram_user_id=user, chat_id=user, role="volunteer")
            session.add(reporter)
            session.flush()
            assert reporter.id is not None
            volunteer = Volunteer(reporter_id=reporter.id, name=f"봉사자 {user}")
            session.add(volunteer)
            session.flush()
            assert volunteer.id is not None
            return volunteer.id

    def fresh_visit_request(self, volunteer_id: int) -> int:
        with session_scope(self.pages.engine) as session:
            case, volunteer = session.get(Case, self.case_id), session.get(Volunteer, volunteer_id)
            assert case is not None and volunteer is not None
            row = visits.create(
                session, case=case, volunteer=volunteer, details="matrix", staff_id=None
            )
            assert row.id is not None
            return row.id

    def fresh_partner(self) -> int:
        with session_scope(self.pages.engine) as session:
            name = f"matrix partner {secrets.token_hex(4)}"
            partner = partners.create_partner(session, PartnerFields(name, ["food"], []))
            assert partner.id is not None
            return partner.id

    def fresh_referral(self) -> int:
        partner_id = self.fresh_partner()
        with session_scope(self.pages.engine) as session:
            referral = referrals.record_referral(
                session, case_id=self.case_id, partner_id=partner_id, service="food", staff_id=None
            )
            assert referral.id is not None
            return referral.id


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
    form = {key: world.path(value) for key, value in FORMS.get(template, {}).items()}
    return await client.post(path, form, csrf=csrf)


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


# Every API route, the body that passes validation, and the exact answer to a role that may
# use it. A route without a row fails the matrix: add one when you add a route.
# "{other_id}" is a second case of the same team, "{volunteer_id}" a volunteer who joined.
API_ROUTES: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {
    ("GET", "/api/cases"): (200, {}),
    ("GET", "/api/cases/{case_id}"): (200, {}),
    ("PATCH", "/api/cases/{case_id}"): (200, {"status": "in_progress"}),
    ("POST", "/api/cases/{case_id}/reply"): (202, {"text": "확인하겠습니다"}),
    ("POST", "/api/volunteers/invites"): (201, {"name": "통장님"}),
    ("GET", "/api/volunteers"): (200, {}),
    ("PATCH", "/api/volunteers/{volunteer_id}"): (200, {"active": True}),
    ("POST", "/api/cases/{case_id}/visit-requests"): (
        201,
        {"volunteer_id": "{volunteer_id}", "details": "문 앞에서 안부만 확인해 주세요"},
    ),
    ("GET", "/api/cases/{case_id}/household"): (200, {}),
    ("GET", "/api/cases/{case_id}/attachments/{attachment_id}"): (200, {}),
    # In this order, for each role: fold the case into the other, confirm, and undo.
    ("POST", "/api/cases/{case_id}/merge"): (200, {"into": "{other_id}"}),
    ("POST", "/api/cases/{case_id}/confirm-duplicate"): (200, {}),
    ("POST", "/api/cases/{case_id}/split"): (200, {}),
}


def _api_routes(pages: Pages) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in pages.fastapi.openapi()["paths"].items()
        if path.startswith("/api/")
        for method in operations
    ]


class ApiWorld:
    """The matrix's case, a second case of the same team and a volunteer."""

    def __init__(self, world: World, other_id: int, volunteer_id: int) -> None:
        self.world = world
        self.values = {
            "case_id": world.case_id,
            "attachment_id": world.attachment_id,
            "other_id": other_id,
            "volunteer_id": volunteer_id,
        }

    def request(self, method: str, template: str) -> tuple[str, dict[str, Any]]:
        _, body = API_ROUTES[(method, template)]
        filled = {
            key: int(value.format(**self.values))
            if isinstance(value, str) and value.startswith("{")
            else value
            for key, value in body.items()
        }
        return template.format(**self.values), filled


async def _api_world(pages: Pages, fake: FakeTelegram, token: str) -> ApiWorld:
    world = await _world(pages, fake)
    other = await pages.report(fake, Person(6002), "같은 집 할머니 얘기예요", team="haemi")
    http = pages.http()
    invite = await http.post(
        "/api/volunteers/invites", json={"name": "통장님"}, headers=bearer(token)
    )
    assert invite.status_code == 201, invite.text
    volunteer = Person(6003)
    await pages.deliver(volunteer.text(f"/start {invite.json()['code']}"))
    joined = await pages.wait_for_row(Volunteer)
    assert other.id is not None and joined.id is not None
    return ApiWorld(world, other.id, joined.id)


def test_the_api_matrix_covers_every_api_route() -> None:
    from webhook.app import create_app

    app = create_app(Settings.load(env_file=None))
    routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/")
        for method in operations
    }
    assert routes == set(API_ROUTES), "every API route needs a row in API_ROUTES"


async def test_every_api_route_needs_a_token_and_hides_other_teams_cases(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    tokens = {}
    for role, (kind, team) in ROLES.items():
        pages.add_staff(f"api-{role}", kind, team)
        tokens[role] = pages.api_token(f"api-{role}")
    api = await _api_world(pages, fake_telegram, tokens["admin"])
    http = pages.http()
    routes = _api_routes(pages)
    assert len(routes) >= 5
    for method, template in routes:
        path, body = api.request(method, template)
        none = await http.request(method, path, json=body)
        assert none.status_code == 401, (method, template)
        if "{case_id}" in template:
            outsider = await http.request(
                method, path, json=body, headers=bearer(tokens["outsider"])
            )
            assert outsider.status_code == 404, (method, template, outsider.text)
    for role in ("insider", "supervisor", "admin"):
        for method, template in routes:
            path, body = api.request(method, template)
            expected, _ = API_ROUTES[(method, template)]
            allowed = await http.request(method, path, json=body, headers=bearer(tokens[role]))
            assert allowed.status_code == expected, (role, method, template, allowed.text)


async def test_revoked_and_disabled_accounts_tokens_are_refused_everywhere(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    pages.add_staff("api-admin", "admin")
    api = await _api_world(pages, fake_telegram, pages.api_token("api-admin"))
    pages.add_staff("revoked", "supervisor")
    pages.add_staff("leaver", "supervisor")
    revoked, leaver = pages.api_token("revoked"), pages.api_token("leaver")
    http = pages.http()
    assert (await http.get("/api/cases", headers=bearer(revoked))).status_code == 200
    assert (await http.get("/api/cases", headers=bearer(leaver))).status_code == 200
    with session_scope(pages.engine) as session:
        account = staff_repo.find_by_username(session, username="revoked")
        assert account is not None and account.id is not None
        staff_repo.revoke_tokens(session, staff_id=account.id)
        gone = staff_repo.find_by_username(session, username="leaver")
        assert gone is not None
        staff_repo.set_active(session, staff=gone, active=False)
    for method, template in _api_routes(pages):
        path, body = api.request(method, template)
        for token in (revoked, leaver):
            response = await http.request(method, path, json=body, headers=bearer(token))
            assert response.status_code == 401, (method, template)
    # Re-enabling the account does not bring its old tokens back.
    with session_scope(pages.engine) as session:
        back = staff_repo.find_by_username(session, username="leaver")
        assert back is not None
        staff_repo.set_active(session, staff=back, active=True)
    assert (await http.get("/api/cases", headers=bearer(leaver))).status_code == 401


async def test_staff_cannot_change_a_colleagues_case_through_the_api(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    pages.add_staff("insider", "staff", "haemi")
    pages.add_staff("boss", "supervisor", "eumam")
    insider, boss, target = (pages.api_token(n) for n in ("insider", "boss", "target"))
    http = pages.http()
    url = f"/api/cases/{world.case_id}"
    mine = await http.patch(url, json={"assignee": "target"}, headers=bearer(target))
    assert mine.status_code == 200 and mine.json()["assignee"] == "target"
    for body in ({"assignee": "insider"}, {"assignee": None}):
        refused = await http.patch(url, json=body, headers=bearer(insider))
        assert refused.status_code == 403, body  # as the page's assign form answers
    page = await pages.login("page-insider", "staff", "haemi")
    form = await page.post(f"/admin/cases/{world.case_id}/assign", {"assignee": "page-insider"})
    assert form.status_code == 403
    assert pages.case(world.case_id).assignee_id == world.target_id
    moved = await http.patch(url, json={"assignee": "insider"}, headers=bearer(boss))
    assert moved.status_code == 200 and moved.json()["assignee"] == "insider"


async def test_case_views_and_changes_are_audited_with_who_and_where(
    pages: Pages, fake_telegram: FakeTelegram
) -> None:
    world = await _world(pages, fake_telegram)
    token = pages.api_token("target")
    http = pages.http()
    url = f"/api/cases/{world.case_id}"
    assert (await http.get(url, headers=bearer(token))).status_code == 200
    patch = {"priority": "high", "reason": "보호자 연락 안 됨"}
    assert (await http.patch(url, json=patch, headers=bearer(token))).status_code == 200
    refused = await http.patch(url, json={"status": "closed"}, headers=bearer(token))
    assert refused.status_code == 422  # no outcome: refused, and not written as a change
    page = await pages.login("page-kim", "staff", "haemi")
    assert (await page.get(f"/admin/cases/{world.case_id}")).status_code == 200
    changed = await page.post(
        f"/admin/cases/{world.case_id}/status", {"status": "closed", "outcome": "visited"}
    )
    assert changed.status_code == 303
    with Session(pages.engine) as session:
        entries = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.case_id) == world.case_id)
            .where(col(AuditEntry.action).in_(("case_viewed", "case_updated")))
            .order_by(col(AuditEntry.id))
        ).all()
    assert [(e.actor, e.action, e.ip) for e in entries] == [
        ("staff:target", "case_viewed", "203.0.113.7"),
        ("staff:target", "case_updated", "203.0.113.7"),
        ("staff:page-kim", "case_viewed", "203.0.113.7"),
        ("staff:page-kim", "case_updated", "203.0.113.7"),
    ]
    assert entries[1].detail == patch
    assert entries[3].detail == {"status": "closed", "outcome": "visited"}
