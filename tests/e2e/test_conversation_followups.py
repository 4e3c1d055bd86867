"""Later messages: follow-ups, splitting a household off, edits, media, menus and languages."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import InboxUpdate
from tests.e2e.conversation_kit import (
    Chat,
    buttons,
    dice,
    document,
    edited,
    no_danger,
    poll,
    press,
    reference_in,
    voice,
)
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, bearer
from tests.updates import Person, in_group


async def _case(sagak: Sagak, token: str, case_id: int) -> dict:
    response = await sagak.client.get(f"/api/cases/{case_id}", headers=bearer(token))
    assert response.status_code == 200
    return response.json()


SPLIT_REPORTS = {
    "ko": ("1층 할아버지가 식사를 거르세요", "그리고 3층 아이 엄마는 일자리를 잃었대요"),
    "en": (
        "The family upstairs had their gas cut off",
        "Also the mum on the 3rd floor lost her job",
    ),
    "zh": ("一楼的老爷爷经常不吃饭", "还有三楼孩子的妈妈失业了"),
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_follow_up_can_be_split_off_as_a_different_household(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    report, other = SPLIT_REPORTS[language]
    chat = Chat(sagak, fake_telegram, Person(6001 + 100 * ord(language[1]), language))
    [receipt] = await chat.say(report)
    first = reference_in(receipt.params["text"])
    await no_danger(chat)
    await chat.say(t(language, "button.skip"), expect=2)
    [ack] = await chat.say(other)
    assert ack.params["text"] == t(language, "report.followup_added", reference=first)
    split_label = ack.params["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert split_label == t(language, "button.split")

    toast, new_receipt = await chat.send(press(chat.person, buttons(ack)[0]["callback_data"]), 2)
    assert toast.method == "answerCallbackQuery"
    second = reference_in(new_receipt.params["text"])
    assert second != first
    old, new = chat.cases()
    assert chat.reporter().open_case_id == new.id and chat.reporter().state == "q_danger"
    token = sagak.staff_token()
    old_inbound = [
        m["text"] for m in (await _case(sagak, token, old.id))["messages"] if m["direction"] == "in"
    ]
    new_case = await _case(sagak, token, new.id)
    new_inbound = [m["text"] for m in new_case["messages"] if m["direction"] == "in"]
    assert old_inbound == [report]
    assert new_inbound == [other]
    assert "split_from" in [e["kind"] for e in new_case["events"]]
    # The next words join the new case.
    await chat.send(chat.person.location(36.78, 126.45), 2)
    assert chat.cases()[1].latitude == 36.78


EDITS = {
    "ko": ("12호 아저씨가 며칠째 안나오세요", "12호 아저씨가 일주일째 안 나오세요"),
    "en": (
        "The man at no. 12 hasnt been out in days",
        "The man at no. 12 hasn't been out in a week",
    ),
    "zh": ("12号的大叔好几天没出门", "12号的大叔一个星期没出门了"),
}


@pytest.mark.parametrize("language", ["ko", "en", "zh"])
async def test_edited_message_updates_the_text_and_keeps_the_original(
    sagak: Sagak, fake_telegram: FakeTelegram, language: str
) -> None:
    before, after = EDITS[language]
    chat = Chat(sagak, fake_telegram, Person(6002 + 100 * ord(language[1]), language))
    update = chat.person.text(before)
    await chat.send(update)
    original_id = update["message"]["message_id"]
    await sagak.deliver(edited(chat.person, original_id, after))
    await chat.say("/help")  # processed after the edit: the edit is stored by now
    [case] = chat.cases()
    token = sagak.staff_token()
    detail = await _case(sagak, token, case.id)
    assert detail["messages"][0]["text"] == after
    assert detail["summary"] == after
    [edit] = [e for e in detail["events"] if e["kind"] == "message_edited"]
    assert edit["data"]["before"] == before


async def test_voice_document_and_location_join_the_open_case(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(6003, "zh-hant"))
    [receipt] = await chat.say("對面的老人家裡停電好幾天了")  # Traditional characters
    assert "受理编号" in receipt.params["text"]
    await no_danger(chat)
    await chat.say("跳过", expect=2)
    for update in (voice(chat.person), document(chat.person)):
        [ack] = await chat.send(update)
        assert ack.params["text"].startswith("已添加到")
    [case] = chat.cases()
    detail = await _case(sagak, sagak.staff_token(), case.id)
    assert [a["kind"] for a in detail["attachments"]] == ["voice", "document"]


async def test_unsupported_content_gets_a_hint_and_is_not_stored(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    for number, (language, update_of) in enumerate((("ko", poll), ("en", dice), ("zh", poll))):
        person = Person(6010 + number, language)
        chat = Chat(sagak, fake_telegram, person)
        [hint] = await chat.send(update_of(person))
        assert hint.params["text"] == t(language, "unsupported")
        assert chat.cases() == []


async def test_my_reports_shows_reference_and_a_reporter_safe_status(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(6020, "en"))
    [receipt] = await chat.say("Mrs Lee's rent is three months behind and she has no heating")
    reference = reference_in(receipt.params["text"])
    [case] = chat.cases()
    token = sagak.staff_token()
    response = await sagak.client.patch(
        f"/api/cases/{case.id}", json={"status": "help_arranged"}, headers=bearer(token)
    )
    assert response.status_code == 200
    [listing] = await chat.say("/cases")
    assert listing.params["text"] == "\n".join(
        [t("en", "cases.title"), t("en", "cases.item", reference=reference, status="help arranged")]
    )
    [empty] = await Chat(sagak, fake_telegram, Person(6021, "en")).say(t("en", "menu.cases"))
    assert empty.params["text"] == t("en", "cases.none")


async def test_language_choice_is_remembered_over_telegrams_language(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(6030, "ko"))
    [choose] = await chat.say("/language")
    labels = [b["text"] for row in choose.params["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["한국어", "English", "中文（简体）"]
    _, changed = await chat.send(press(chat.person, "l:en"), 2)
    assert changed.params["text"] == t("en", "language.changed")
    assert changed.params["reply_markup"]["keyboard"][0][0]["text"] == t("en", "menu.report")
    [receipt] = await chat.say("옆집 아이가 학교에 안 가요")  # the app still says "ko"
    assert receipt.params["text"].startswith("Your report is received")


async def test_menu_buttons_work_in_every_language(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    for number, language in enumerate(("ko", "en", "zh")):
        chat = Chat(sagak, fake_telegram, Person(6040 + number, language))
        [numbers] = await chat.say(t(language, "menu.emergency"))
        assert "109" in numbers.params["text"] and "129" in numbers.params["text"]
        [help_text] = await chat.say(t(language, "menu.help"))
        assert "/forget" in help_text.params["text"]
        [prompt] = await chat.say(t(language, "menu.report"))
        assert prompt.params["text"] == t(language, "report.new_prompt")
        assert chat.cases() == []  # menu presses are never stored as reports


async def test_commands_are_registered_in_every_language(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    calls = await fake_telegram.wait_for(method="setMyCommands", count=4)
    by_language = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(by_language) == {None, "ko", "en", "zh"}
    assert [c["command"] for c in by_language["en"]] == [
        "new",
        "cases",
        "language",
        "help",
        "cancel",
        "forget",
    ]
    assert by_language["zh"][0]["description"] == t("zh", "command.new")


async def test_group_content_is_not_kept(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    member = Person(6050)
    update = in_group(member.text("우리 동네 할머니 얘기인데요"), group_id=-100556)
    await sagak.deliver(update)
    command = in_group(member.text("/start"), group_id=-100556)
    await sagak.deliver(command)
    [pointer] = await fake_telegram.wait_for(chat_id=-100556)
    assert pointer.params["text"] == t("ko", "private_only")
    with Session(sagak.engine) as session:
        payloads = session.exec(
            select(InboxUpdate.payload).where(
                col(InboxUpdate.update_id).in_([update["update_id"], command["update_id"]])
            )
        ).all()
    assert all(json.loads(p).get("redacted") == "group" for p in payloads)
    assert all("할머니" not in p for p in payloads)


async def test_a_group_that_adds_the_bot_is_told_reports_are_private(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    member = Person(6055, "en")
    bot = {"id": 123456, "is_bot": True, "first_name": "sagak"}
    added = {
        "update_id": 9_000_055,
        "my_chat_member": {
            "chat": {"id": -100557, "type": "supergroup", "title": "Block 3 residents"},
            "from": member.user(),
            "date": 1_700_000_000,
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot},
        },
    }
    await sagak.deliver(added)
    [pointer] = await fake_telegram.wait_for(chat_id=-100557)
    assert pointer.params["text"] == t("en", "private_only")


async def test_blocking_the_bot_marks_the_reporter_unreachable(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(6060, "ko"))
    await chat.say("앞집 할머니 댁 수도가 끊겼어요")
    await sagak.deliver(chat.person.blocks_bot())
    await sagak.deliver(Person(6061).text("/help"))
    await fake_telegram.wait_for(chat_id=6061)
    assert chat.reporter().reachable is False
    [case] = chat.cases()
    assert case.reporter_unreachable is True
    # Writing again makes them reachable again.
    await chat.say("/help")
    assert chat.reporter().reachable is True and chat.cases()[0].reporter_unreachable is False
