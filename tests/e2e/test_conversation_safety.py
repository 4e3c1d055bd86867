"""Safety: emergency numbers first, flooding, many new cases, /forget, configurable hotlines."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import AuditEntry, Case, CaseEvent, InboxUpdate, OutboxMessage, Reporter
from tests.e2e.conversation_kit import Chat, no_danger, own_contact, press, reference_in
from tests.fake_telegram import FakeTelegram
from tests.harness import STAFF_CHAT_ID, Sagak, bearer, start_sagak
from tests.updates import Person
from webhook.settings import Settings

CRISES_MILD = {
    "ko": "윗집 할아버지가 요즘 밥을 잘 못 드세요",
    "en": "My elderly neighbour has had no heating all week",
    "zh": "楼上的老爷爷最近吃不下饭",
}
CRISES = {
    "ko": "앞집 아저씨가 번개탄을 사 갔고 죽고싶다고 했어요",
    "en": "My neighbour bought charcoal and pills and says he wants to end it all",
    "zh": "隔壁大叔买了木炭，说不想活了，想不开",
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_life_at_risk_gets_the_numbers_before_the_receipt(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    chat = Chat(sagak, fake_telegram, Person(7000 + ord(language[0]), language))
    numbers, receipt = await chat.say(CRISES[language], expect=2)
    assert numbers.params["text"].startswith(t(language, "emergency.numbers", hotlines="")[:8])
    lines = [line for line in numbers.params["text"].splitlines() if line.startswith("• ")]
    assert lines[0].startswith("• 119") or lines[0].startswith("• 109")  # suicide means first
    assert {"112", "119", "109", "129"} <= {line.split()[1] for line in lines}
    reference = reference_in(receipt.params["text"])
    alerts = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert reference in alerts[-1].params["text"]
    assert chat.cases()[0].priority == "critical"


async def test_danger_in_a_follow_up_puts_the_numbers_first(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(7101, "ko"))
    [receipt] = await chat.say("윗집 할아버지가 요즘 밥을 잘 못 드세요")
    reference = reference_in(receipt.params["text"])
    await no_danger(chat)
    await chat.say("건너뛰기", expect=2)
    numbers, ack = await chat.say("방금 보니 쓰러져서 의식이 없어요", expect=2)
    assert "119" in numbers.params["text"].splitlines()[1]  # collapse: the ambulance first
    assert ack.params["text"] == t("ko", "report.followup_added", reference=reference)
    alerts = await fake_telegram.wait_for(chat_id=STAFF_CHAT_ID)
    assert reference in alerts[-1].params["text"]


@pytest.mark.parametrize(
    ("language", "danger"),
    [
        ("ko", "지금 쓰러져서 의식이 없어요"),
        ("en", "he just collapsed and is unconscious"),
        ("zh", "他刚才晕倒了，叫不醒"),
    ],
)
async def test_danger_typed_while_we_ask_where_is_not_taken_for_an_address(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str, danger: str
) -> None:
    chat = Chat(sagak, fake_telegram, Person(7150 + ord(language[0]), language))
    [receipt] = await chat.say(CRISES_MILD[language])
    reference = reference_in(receipt.params["text"])
    await no_danger(chat, receipt)
    numbers, ack = await chat.say(danger, expect=2)
    assert numbers.params["text"].startswith(t(language, "emergency.numbers", hotlines="")[:8])
    assert ack.params["text"] == t(language, "report.followup_added", reference=reference)
    [case] = chat.cases()
    assert case.address is None and case.priority == "critical"
    # The question is still open: the next words are the address.
    [saved, _] = await chat.say("서산시 읍내동 12", expect=2)
    assert saved.params["text"] == t(language, "report.address_saved", reference=reference)


async def test_hotlines_are_configurable(settings: Settings, fake_telegram: FakeTelegram) -> None:
    custom = settings.replace(hotlines="112,119,1234-5678=Seosan crisis line")
    async with start_sagak(custom) as sagak:
        chat = Chat(sagak, fake_telegram, Person(7201, "en"))
        numbers, _ = await chat.say(CRISES["en"], expect=2)
        assert "• 1234-5678 Seosan crisis line" in numbers.params["text"]
        assert "109" not in numbers.params["text"]
    with pytest.raises(ValueError, match="needs a label"):
        Settings.load(env_file=None, hotlines="112,5555")


async def test_flooding_is_stored_but_answered_once(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    async with start_sagak(settings.replace(flood_per_minute=3)) as sagak:
        chat = Chat(sagak, fake_telegram, Person(7301, "en"))
        [receipt] = await chat.say("The woman in 4B has had no electricity for a week")
        await no_danger(chat, receipt)  # a press: it does not count as a message
        await chat.say("Skip", expect=2)
        await chat.say("She is 80")  # the third message: still answered
        [notice] = await chat.say("and alone")
        assert notice.params["text"] == t("en", "flood.notice")
        await sagak.deliver(chat.person.text("and cold"))  # not answered
        [numbers] = await chat.say("now she says she will take all her pills and end it all")
        assert numbers.params["text"].startswith("⚠️")  # danger is always answered
        texts = [
            m["text"]
            for m in (
                await sagak.client.get(
                    f"/api/cases/{chat.cases()[0].id}", headers=bearer(sagak.staff_token())
                )
            ).json()["messages"]
            if m["direction"] == "in"
        ]
        assert texts[1:] == [
            "She is 80",
            "and alone",
            "and cold",
            "now she says she will take all her pills and end it all",
        ]
        assert [c.params["text"] for c in fake_telegram.sent(chat_id=chat.person.id)].count(
            t("en", "flood.notice")
        ) == 1


async def test_many_new_reports_in_a_day_ask_for_confirmation(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    async with start_sagak(settings.replace(daily_new_cases=2)) as sagak:
        chat = Chat(sagak, fake_telegram, Person(7401, "zh"))
        await chat.say("三楼的老人没有暖气")
        await chat.say("/new")
        [receipt] = await chat.say("一楼的孩子没饭吃")
        second = reference_in(receipt.params["text"])
        await no_danger(chat)
        await chat.say("跳过", expect=2)
        [confirm] = await chat.say("/new")
        assert confirm.params["text"] == t("zh", "newcase.confirm", count=2, reference=second)
        [ack] = await chat.say("还有他的妈妈生病了")  # nothing is dropped: it joins the case
        assert second in ack.params["text"]
        yes = confirm.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        _, prompt = await chat.send(press(chat.person, yes), 2)
        assert prompt.params["text"] == t("zh", "report.new_prompt")
        await chat.say("五楼的大爷失业了")
        assert len(chat.cases()) == 3


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
        assert forgotten.telegram_user_id < 0 and forgotten.chat_id == 0
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
