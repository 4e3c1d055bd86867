"""Safety end to end: hotlines configured in settings reach the chat, and /forget erases a
reporter from stored updates, the outbox and the staff API. (The dialogue itself is
tested in tests/bot.)"""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import AuditEntry, Case, CaseEvent, InboxUpdate, OutboxMessage, Reporter
from tests.e2e.conversation_kit import Chat, no_danger, own_contact, press
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer, start_sagak
from tests.updates import Person
from webhook.settings import Settings

CRISES = {
    "ko": "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요",
    "en": "My neighbour bought charcoal and pills and says he wants to end it all",
    "zh": "隔壁大叔买了木炭，说不想活了，想不开",
}


async def test_hotlines_are_configurable(settings: Settings, fake_telegram: FakeTelegram) -> None:
    custom = settings.replace(hotlines="112,119,1234-5678=Seosan crisis line")
    async with start_sagak(custom) as sagak:
        chat = Chat(sagak, fake_telegram, Person(7201, "en"))
        numbers, _ = await chat.say(CRISES["en"], expect=2)
        assert "• 1234-5678 Seosan crisis line" in numbers.params["text"]
        assert "109" not in numbers.params["text"]
    with pytest.raises(ValueError, match="needs a label"):
        Settings.load(env_file=None, hotlines="112,5555")


async def test_forget_erases_identity_and_keeps_the_reports(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    person = Person(7501, "ko", first_name="홍길동")
    chat = Chat(sagak, fake_telegram, person)
    await chat.say("옆집 할머니가 며칠째 안 보여요")
    await no_danger(chat)
    await chat.say("건너뛰기", expect=2)
    [saved] = await chat.send(own_contact(person, "010-7501-7501"))
    assert saved.params["text"] == t("ko", "contact.saved")
    reporter = chat.reporter()
    assert reporter.phone == "010-7501-7501" and reporter.contact_consent

    [confirm] = await chat.say("/forget")
    yes = confirm.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    _, done = await chat.send(press(person, yes), 2)
    assert done.params["text"] == t("ko", "forget.done")

    with Session(sagak.engine) as session:
        forgotten = session.get(Reporter, reporter.id)
        assert forgotten is not None
        assert int(forgotten.channel_user_id) < 0 and forgotten.chat_id == 0
        assert forgotten.phone is None and not forgotten.contact_consent
        assert forgotten.forgotten_at is not None
        [case] = session.exec(select(Case).where(col(Case.reporter_id) == reporter.id)).all()
        assert case.reporter_unreachable
        kinds = session.exec(select(CaseEvent.kind).where(col(CaseEvent.case_id) == case.id)).all()
        assert "reporter_forgotten" in kinds
        audit = session.exec(
            select(AuditEntry).where(col(AuditEntry.action) == "reporter_forgotten")
        ).one()
        assert audit.detail["case_ids"] == [case.id]
        payloads = session.exec(select(InboxUpdate.payload)).all()
        assert not any("7501" in p or "홍길동" in p for p in payloads)
        # Only the goodbye, queued with the erasure, still names the chat (to be delivered).
        calls = session.exec(select(OutboxMessage.payload)).all()
        naming = [payload.get("text") for payload in calls if "7501" in json.dumps(payload)]
        assert naming == [t("ko", "forget.done")]

    token = sagak.staff_token()
    detail = (await sagak.client.get(f"/api/cases/{case.id}", headers=bearer(token))).json()
    assert detail["messages"][0]["text"] == "옆집 할머니가 며칠째 안 보여요"  # the report stays
    assert detail["reporter_unreachable"] is True
    # A reply could reach nobody now: staff are told at once instead of it failing silently.
    refused = await sagak.client.post(
        f"/api/cases/{case.id}/reply", json={"text": "안녕하세요"}, headers=bearer(token)
    )
    assert refused.status_code == 422 and "erased" in refused.json()["detail"]

    # Writing again starts afresh, with none of the old reports.
    [listing] = await chat.say("/cases")
    assert listing.params["text"] == t("ko", "cases.none")
    assert chat.reporter().id != reporter.id
