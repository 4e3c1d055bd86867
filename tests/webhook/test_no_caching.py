"""Nothing that carries case data is kept by a browser, proxy or shared cache."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer
from tests.updates import Person


async def test_api_answers_with_case_data_are_never_cached(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    person = Person(7301)
    await sagak.deliver(person.text("반지하에 사는 할머니가 며칠째 안 보여요"))
    await fake_telegram.wait_for(chat_id=person.id)
    auth = bearer(sagak.staff_token("cachecheck", role="supervisor"))
    listed = await sagak.client.get("/api/cases", headers=auth)
    case_id = listed.json()["items"][0]["id"]
    answers = {
        "queue": listed,
        "case": await sagak.client.get(f"/api/cases/{case_id}", headers=auth),
        "household": await sagak.client.get(f"/api/cases/{case_id}/household", headers=auth),
        "volunteers": await sagak.client.get("/api/volunteers", headers=auth),
        "change": await sagak.client.patch(
            f"/api/cases/{case_id}", json={"status": "in_progress"}, headers=auth
        ),
        "refused": await sagak.client.get("/api/cases/999999", headers=auth),
    }
    for name, answer in answers.items():
        assert answer.status_code < 500, name
        assert "no-store" in answer.headers.get("cache-control", ""), name


async def test_static_files_stay_cacheable(sagak: Sagak) -> None:
    style = await sagak.client.get("/admin/static/admin.css")
    assert style.status_code == 200
    assert "no-store" not in style.headers.get("cache-control", "")
