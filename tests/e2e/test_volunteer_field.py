"""Volunteers in the field: visit requests and their report back (the field tip itself is
tested in tests/bot), reminders, and that a volunteer never reaches others' cases or requests."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import Session, select

from bot.catalog import t
from bot.jobs import JobConfig
from bot.visit_jobs import run_visit_reminders
from storage.models import Case, VisitRequest
from tests.e2e.conversation_kit import Chat, data_for, press
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, Sagak, bearer
from tests.updates import Person
from tests.webhook.jobs_kit import event_kinds, outbox_texts


async def _volunteer(
    sagak: Sagak, fake: FakeTelegram, token: str, person: Person, name: str = "김이장"
) -> Chat:
    invite = await sagak.client.post(
        "/api/volunteers/invites", json={"name": name}, headers=bearer(token)
    )
    chat = Chat(sagak, fake, person)
    [welcome] = await chat.say(f"/start {invite.json()['code']}")
    menu = [b["text"] for row in welcome.params["reply_markup"]["keyboard"] for b in row]
    assert len(menu) == 5, menu  # field tip, my tips, visit requests, emergency, help
    return chat


async def _ask(sagak: Sagak, token: str, case_id: int, details: str) -> int:
    """Staff ask the only volunteer to look in on the case; returns the volunteer's id."""
    listing = (await sagak.client.get("/api/volunteers", headers=bearer(token))).json()
    volunteer_id = int(listing["items"][0]["id"])
    created = await sagak.client.post(
        f"/api/cases/{case_id}/visit-requests",
        json={"volunteer_id": volunteer_id, "details": details},
        headers=bearer(token),
    )
    assert created.status_code == 201, created.text
    return volunteer_id


async def _resident_case(sagak: Sagak, fake: FakeTelegram, text: str) -> tuple[Chat, int]:
    resident = Chat(sagak, fake, Person(5100, "ko"))
    await resident.say(text)
    return resident, resident.cases()[0].id or 0


async def test_a_visit_request_is_accepted_reported_back_and_lands_in_the_timeline(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "옆집 할아버지가 요즘 통 안 보이세요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5003, "ko"))
    volunteers = (await sagak.client.get("/api/volunteers", headers=bearer(token))).json()
    [listed] = volunteers["items"]
    assert listed["name"] == "김이장" and listed["active"] is True

    created = await sagak.client.post(
        f"/api/cases/{case_id}/visit-requests",
        json={"volunteer_id": listed["id"], "details": "3통 2반 12호, 80대 남성 혼자 사심"},
        headers=bearer(token),
    )
    assert created.status_code == 201, created.text
    [request] = await chat.next()
    assert "3통 2반 12호" in request.params["text"]
    # The volunteer learns only what staff chose to share: not the resident's report.
    assert "안 보이세요" not in request.params["text"]

    toast, _, accepted = await chat.send(press(chat.person, data_for(request, "a")), expect=3)
    assert toast.method == "answerCallbackQuery"
    _, _, reported = await chat.send(press(chat.person, data_for(accepted, "h")), expect=3)
    assert "도움이 필요함" in reported.params["text"]
    [noted] = await chat.say("쌀이 떨어졌고 보일러가 고장났어요")
    await chat.send(chat.person.photo("VISIT-PHOTO"))
    _, thanks = await chat.send(press(chat.person, data_for(noted, "done")), expect=2)
    assert "고맙습니다" in thanks.params["text"]

    detail = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
    from_volunteer = [m for m in detail["messages"] if m["author"] == "volunteer"]
    assert [m["kind"] for m in from_volunteer] == ["visit_report", "text", "photo"]
    assert "보일러" in from_volunteer[1]["text"]
    assert len(detail["attachments"]) == 1
    kinds = [event["kind"] for event in detail["events"]]
    assert {"visit_requested", "visit_accepted", "visit_reported"} <= set(kinds)
    [visit] = detail["visit_requests"]
    assert visit["volunteer"] == "김이장" and visit["status"] == "reported"
    assert visit["result"] == "needs_help" and visit["unanswered"] is False
    # What the volunteer found counts in triage: a household that needs help is high.
    assert detail["priority"] in ("high", "critical")
    # The volunteer's notes are theirs to send, not a new report of their own.
    assert chat.cases() == []


async def test_a_declined_request_goes_back_to_staff(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "아랫집 아이가 밤마다 혼자 있어요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5004, "zh"))
    await _ask(sagak, token, case_id, "2栋 301")
    [request] = await chat.next()
    _, _, declined = await chat.send(press(chat.person, data_for(request, "d")), expect=3)
    assert "交回" in declined.params["text"]
    # Pressing the old button again changes nothing.
    [again] = await chat.send(press(chat.person, data_for(request, "a")))
    assert again.method == "answerCallbackQuery" and "已经答复" in again.params["text"]
    assert "visit_declined" in event_kinds(sagak.engine, case_id)


async def test_a_volunteer_cannot_act_on_another_volunteers_request_or_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "할머니 댁에 불이 며칠째 꺼져 있어요")
    first = await _volunteer(sagak, fake_telegram, token, Person(5005, "en"), "Park")
    second = await _volunteer(sagak, fake_telegram, token, Person(5006, "en"), "Lee")
    park = next(
        v["id"]
        for v in (await sagak.client.get("/api/volunteers", headers=bearer(token))).json()["items"]
        if v["name"] == "Park"
    )
    await sagak.client.post(
        f"/api/cases/{case_id}/visit-requests",
        json={"volunteer_id": park, "details": "Block 7"},
        headers=bearer(token),
    )
    [request] = await first.next()
    for data in (
        data_for(request, "a"),
        data_for(request, "d"),
        f"v:{data_for(request, 'a').split(':')[1]}:r:h",
        f"d:{case_id}",  # the resident's case: "answer its questions"
        f"q:{case_id}:ur:now",
    ):
        [answer] = await second.send(press(second.person, data))
        assert answer.method == "answerCallbackQuery"
        assert "no longer be used" in answer.params["text"], answer.params
    [visits] = await second.say("🏠 Visit requests")
    assert "no open visit requests" in visits.params["text"]
    with Session(sagak.engine) as session:
        row = session.exec(select(VisitRequest)).one()
        assert row.status == "pending"
        case = session.get(Case, case_id)
        assert case is not None and "reporter_urgency" not in (case.facts or {})


async def test_an_unanswered_request_is_reminded_once_then_flagged_to_staff(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "옆집 우편함에 우편물이 가득해요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5007, "ko"))
    await _ask(sagak, token, case_id, "1통 3반")
    await chat.next()
    with Session(sagak.engine) as session:
        created = session.exec(select(VisitRequest)).one().created_at
    config = JobConfig(staff_chat_id=STAFF_CHAT_ID)
    assert run_visit_reminders(sagak.engine, config, now=created + timedelta(hours=2)) == 0
    day = created + timedelta(hours=25)
    assert run_visit_reminders(sagak.engine, config, now=day) == 1
    assert run_visit_reminders(sagak.engine, config, now=day + timedelta(hours=1)) == 0
    reminders = [t for t in outbox_texts(sagak.engine, chat.person.id) if "⏰" in t]
    assert len(reminders) == 1 and "1통 3반" in reminders[0]
    later = day + timedelta(hours=25)
    assert run_visit_reminders(sagak.engine, config, now=later) == 1
    assert run_visit_reminders(sagak.engine, config, now=later + timedelta(days=3)) == 0
    alerts = [t for t in outbox_texts(sagak.engine, STAFF_CHAT_ID) if "#" in t and "⏰" in t]
    assert len(alerts) == 1 and "김이장" in alerts[0]
    assert event_kinds(sagak.engine, case_id).count("visit_unanswered") == 1


async def test_a_disabled_volunteer_reports_as_a_resident_and_loses_open_requests(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "옆집 어르신이 편찮으신 것 같아요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5008, "en"))
    volunteer_id = await _ask(sagak, token, case_id, "Block 2")
    [request] = await chat.next()
    patched = await sagak.client.patch(
        f"/api/volunteers/{volunteer_id}", json={"active": False}, headers=bearer(token)
    )
    assert patched.status_code == 200 and patched.json()["active"] is False
    [answer] = await chat.send(press(chat.person, data_for(request, "a")))
    assert "no longer be used" in answer.params["text"]
    await chat.say("The lady at no. 4 has had no food for days", expect=1)
    assert [case.source for case in chat.cases()] == ["resident"]
    assert "visit_cancelled" in event_kinds(sagak.engine, case_id)
    enabled = await sagak.client.patch(
        f"/api/volunteers/{volunteer_id}", json={"active": True}, headers=bearer(token)
    )
    assert enabled.json()["active"] is True
    bad = await sagak.client.patch(
        f"/api/volunteers/{volunteer_id}", json={"active": True, "x": 1}, headers=bearer(token)
    )
    assert bad.status_code == 422


async def test_visit_requests_need_a_visible_case_and_an_active_volunteer(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "아랫집에서 며칠째 악취가 나요")
    body = {"volunteer_id": 999, "details": "x"}
    missing = await sagak.client.post(
        f"/api/cases/{case_id}/visit-requests", json=body, headers=bearer(token)
    )
    assert missing.status_code == 422
    unknown_case = await sagak.client.post(
        "/api/cases/99999/visit-requests", json=body, headers=bearer(token)
    )
    assert unknown_case.status_code == 404
    anonymous = await sagak.client.post(f"/api/cases/{case_id}/visit-requests", json=body)
    assert anonymous.status_code == 401


async def test_a_volunteer_who_blocked_the_bot_does_not_make_the_reporter_unreachable(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    _, case_id = await _resident_case(sagak, fake_telegram, "옆집 할아버지 댁 보일러가 고장났어요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5009, "ko"))
    fake_telegram.block_chat(chat.person.id)
    await _ask(sagak, token, case_id, "2통 1반")
    await fake_telegram.wait_for(
        lambda: any(c.status == 403 for c in fake_telegram.calls if c.params.get("chat_id") == 5009)
    )
    detail = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
    assert detail["reporter_unreachable"] is False
    assert "reporter_unreachable" not in [e["kind"] for e in detail["events"]]


async def test_a_volunteers_refused_file_is_not_explained_to_the_resident(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    token = sagak.staff_token()
    resident, case_id = await _resident_case(sagak, fake_telegram, "윗집 할머니가 안 보이세요")
    chat = await _volunteer(sagak, fake_telegram, token, Person(5011, "ko"))
    await _ask(sagak, token, case_id, "4통 1반 3호")
    [request] = await chat.next()
    _, _, accepted = await chat.send(press(chat.person, data_for(request, "a")), expect=3)
    await chat.send(press(chat.person, data_for(accepted, "h")), expect=3)
    fake_telegram.add_file("VISIT-ZIP", b"PK\x03\x04" + b"\x00" * 64, "documents/visit.zip")
    await chat.send(chat.person.document("VISIT-ZIP", file_name="visit.zip", mime_type=None))
    for _ in range(400):
        detail = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
        if [a["status"] for a in detail["attachments"]] == ["refused"]:
            break
        await asyncio.sleep(0.05)
    assert [a["refused_reason"] for a in detail["attachments"]] == ["unknown_type"]
    refusal = t("ko", "attachment.refused.unknown_type")
    assert refusal not in outbox_texts(sagak.engine, resident.person.id)
    assert all(m["text"] != refusal for m in detail["messages"])
