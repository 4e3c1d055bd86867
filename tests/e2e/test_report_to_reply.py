"""The first slice end to end: a resident's report reaches staff, the staff reply reaches them."""

from __future__ import annotations

import re

from bot.catalog import t
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, Sagak, bearer
from tests.updates import Person

REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")


def reference_in(text: str) -> str:
    match = REFERENCE.search(text)
    assert match, f"no reference in {text!r}"
    return match.group(0)


async def report(sagak: Sagak, fake: FakeTelegram, person: Person, text: str) -> str:
    """Send a report and return the reference from the receipt."""
    before = len(fake.sent(chat_id=person.id))
    response = await sagak.deliver(person.text(text))
    assert response.status_code == 200

    def receipts() -> list[str]:
        texts = fake.texts(person.id)[before:]
        return [t for t in texts if REFERENCE.search(t)]

    await fake.wait_for(lambda: bool(receipts()))
    return reference_in(receipts()[0])


async def test_report_location_follow_up_and_staff_reply_round_trip(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(1001, "ko")
    await sagak.deliver(resident.text("/start"))
    greeting = await fake_telegram.wait_for(chat_id=resident.id)
    assert "개인정보" in greeting[0].params["text"]

    reference = await report(
        sagak, fake_telegram, resident, "옆집 할머니가 요즘 통 안 보이시고 집이 너무 추워 보여요"
    )
    receipt = fake_telegram.sent(chat_id=resident.id)[-1]
    buttons = receipt.params["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"].rsplit(":", 1)[1] for b in buttons[0]] == ["yes", "no", "unsure"]

    # A place shared before the danger question is answered is still taken as the place.
    await sagak.deliver(resident.location(36.7845, 126.4503))
    await fake_telegram.wait_for(chat_id=resident.id, count=3)
    assert reference in fake_telegram.texts(resident.id)[-1]
    await sagak.deliver(resident.text("오늘 저녁에 보니 불도 꺼져 있었어요"))
    # greeting, receipt, location saved, the next question, then "added to" for the follow-up
    await fake_telegram.wait_for(chat_id=resident.id, count=5)

    token = sagak.staff_token()
    queue = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert [item["reference"] for item in queue] == [reference]
    case_id = queue[0]["id"]
    case = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
    assert case["location"]["latitude"] == 36.7845
    inbound = [m["text"] for m in case["messages"] if m["direction"] == "in"]
    assert (
        inbound[0].startswith("옆집 할머니가")
        and inbound[-1] == "오늘 저녁에 보니 불도 꺼져 있었어요"
    )

    response = await sagak.client.post(
        f"/api/cases/{case_id}/reply",
        json={"text": "알려 주셔서 고맙습니다. 오늘 방문하겠습니다."},
        headers=bearer(token),
    )
    assert response.status_code == 202
    await fake_telegram.wait_for(
        lambda: any("오늘 방문하겠습니다" in t for t in fake_telegram.texts(resident.id))
    )
    await _wait_delivery(sagak, token, case_id, "sent")


async def _wait_delivery(sagak: Sagak, token: str, case_id: int, state: str) -> dict:
    import asyncio

    for _ in range(200):
        case = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
        staff_messages = [m for m in case["messages"] if m["author"] == "staff"]
        if staff_messages and staff_messages[-1]["delivery"] == state:
            return case
        await asyncio.sleep(0.05)
    raise AssertionError(f"staff reply never reached delivery state {state!r}: {case['messages']}")


async def test_redelivered_update_creates_one_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(1003)
    update = resident.text("아랫집 아이가 밤마다 혼자 있어요")
    assert (await sagak.deliver(update)).status_code == 200
    assert (await sagak.deliver(update)).status_code == 200
    await sagak.deliver(resident.text("/help"))  # a later update proves the first was processed
    help_text = t("ko", "help", hotlines="").split("\n")[0]
    await fake_telegram.wait_for(
        lambda: any(help_text in text for text in fake_telegram.texts(resident.id))
    )
    token = sagak.staff_token()
    items = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert len(items) == 1
    receipts = [text for text in fake_telegram.texts(resident.id) if items[0]["reference"] in text]
    assert len(receipts) == 1


async def test_emergency_numbers_come_first_and_staff_chat_is_alerted(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(1004)
    reference = await report(
        sagak, fake_telegram, resident, "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요"
    )
    first = fake_telegram.texts(resident.id)[0]
    assert "112" in first and "109" in first
    alert = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert reference in alert[0].params["text"]
    token = sagak.staff_token()
    items = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert items[0]["priority"] == "critical" and items[0]["reasons"]


async def test_critical_report_is_queued_before_earlier_normal_one(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    calm, urgent = Person(1005), Person(1006)
    await report(sagak, fake_telegram, calm, "동네 어르신이 혼자 사시는데 외로워 보여요")
    reference = await report(
        sagak, fake_telegram, urgent, "옆집에서 아이를 때리는 소리가 계속 나요"
    )
    token = sagak.staff_token()
    items = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert items[0]["reference"] == reference


async def test_photo_follow_up_joins_the_case_as_an_attachment(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    resident = Person(1008)
    text = "옆집 할아버지가 혼자 사시는데 요즘 많이 야위셨어요"
    await report(sagak, fake_telegram, resident, text)
    await sagak.deliver(resident.text("아니요"))
    await sagak.deliver(resident.text("건너뛰기"))
    await sagak.deliver(resident.photo("PHOTO-77", caption="문 앞 사진입니다"))
    # receipt, where?, "skipped", the next question, then "added to" for the photo
    await fake_telegram.wait_for(chat_id=resident.id, count=5)
    token = sagak.staff_token()
    case_id = (await sagak.client.get("/api/cases", headers=bearer(token))).json()["items"][0]["id"]
    case = (await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))).json()
    assert [a["kind"] for a in case["attachments"]] == ["photo"]
    assert case["messages"][-2]["text"] == "문 앞 사진입니다"
    assert case["location"] is None
