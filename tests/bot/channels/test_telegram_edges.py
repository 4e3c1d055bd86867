"""The Telegram edge: updates become Inbounds, replies become calls, button data stays honest."""

from __future__ import annotations

import pytest

from bot.channels.telegram.adapter import chat_id_of, to_inbound
from bot.channels.telegram.calls import to_call
from bot.hotlines import Hotline, describe, for_situation, parse_hotlines
from bot.inbound import Button, Keyboard, Kind, Method, Reply
from bot.menus import ANSWER, callback, decode, menu_command
from tests.e2e.conversation_kit import dice, document, edited, own_contact, poll, press, voice
from tests.updates import Person, in_group


def test_button_press_becomes_a_callback_inbound() -> None:
    update = press(Person(42, "en"), "q:7:age:child", message_id=55)
    inbound = to_inbound(update)
    assert inbound.kind is Kind.CALLBACK
    assert (inbound.chat_id, inbound.user_id, inbound.message_id) == (42, 42, 55)
    assert inbound.callback_data == "q:7:age:child" and inbound.callback_id
    assert chat_id_of(update) == 42


def test_own_contact_edit_and_dice_are_read() -> None:
    person = Person(43)
    contact = to_inbound(own_contact(person, "+821099998888"))
    assert contact.kind is Kind.CONTACT and contact.own_contact
    assert contact.phone == "+821099998888"
    edit = to_inbound(edited(person, 9, "고친 글"))
    assert edit.kind is Kind.EDIT and edit.message_id == 9 and edit.sent_at is not None
    assert to_inbound(dice(person)).kind is Kind.UNSUPPORTED


def test_media_stickers_polls_blocking_and_groups_are_told_apart() -> None:
    person = Person(45, "en")
    photo = to_inbound(person.photo("PHOTO-9", caption="the door"))
    assert photo.kind is Kind.PHOTO and photo.text == "the door"
    assert photo.media is not None and photo.media.file_id == "PHOTO-9"  # the largest size
    assert to_inbound(voice(person)).kind is Kind.VOICE
    assert to_inbound(document(person)).kind is Kind.DOCUMENT
    assert to_inbound(person.sticker()).kind is Kind.UNSUPPORTED
    assert to_inbound(poll(person)).kind is Kind.UNSUPPORTED
    blocked = to_inbound(person.blocks_bot())
    assert blocked.kind is Kind.BLOCKED and blocked.user_id == 45
    group = to_inbound(in_group(person.text("/start"), group_id=-100556))
    assert group.kind is Kind.COMMAND and not group.private and group.chat_id == -100556
    bot = {"id": 123456, "is_bot": True, "first_name": "sagak"}
    added = {
        "update_id": 9_000_055,
        "my_chat_member": {
            "chat": {"id": -100557, "type": "supergroup", "title": "Block 3 residents"},
            "from": person.user(),
            "date": 1_700_000_000,
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot},
        },
    }
    joined = to_inbound(added)
    assert joined.kind is Kind.ADDED_TO_GROUP and joined.chat_id == -100557


def test_an_update_ptb_cannot_parse_still_keeps_the_words() -> None:
    update = Person(44).text("옆집 할머니가 걱정돼요")
    update["message"]["poll"] = {"id": "p", "options": [{"text": "no persistent id"}]}
    inbound = to_inbound(update)
    assert inbound.kind is Kind.TEXT and inbound.text == "옆집 할머니가 걱정돼요"
    assert inbound.chat_id == 44 and inbound.update_id == update["update_id"]
    update["message"].pop("text")
    assert to_inbound(update).kind is Kind.UNSUPPORTED


def test_replies_become_bot_api_calls() -> None:
    buttons = ((Button("예", "q:1:co:yes"),),)
    method, payload = to_call(Reply(1, "질문", buttons=buttons))
    assert method == "sendMessage"
    assert payload["reply_markup"] == {
        "inline_keyboard": [[{"text": "예", "callback_data": "q:1:co:yes"}]]
    }
    method, payload = to_call(Reply(1, "", method=Method.ANSWER_CALLBACK, callback_id="c1"))
    assert (method, payload) == ("answerCallbackQuery", {"callback_query_id": "c1"})
    method, payload = to_call(
        Reply(1, "", buttons=buttons, method=Method.EDIT_BUTTONS, target_message_id=8)
    )
    assert method == "editMessageReplyMarkup" and payload["message_id"] == 8
    _, payload = to_call(Reply(1, "hi", "en", Keyboard.ASK_CONTACT))
    assert payload["reply_markup"]["keyboard"][0][0]["request_contact"] is True


def test_callback_data_is_short_and_forgeries_are_refused() -> None:
    assert decode(callback(ANSWER, 2_147_483_647, "hh", "lives_alone")) is not None
    for forged in ("", "q", "q:abc:age:child", "x:1", "d:" + "9" * 20, "q:1:" + "a" * 80):
        assert decode(forged) is None, forged
    with pytest.raises(ValueError):
        callback(ANSWER, 1, "x" * 70)


def test_menu_buttons_are_recognised_in_every_language() -> None:
    assert menu_command("📋 내 신고") == "cases"
    assert menu_command(" ☎️ Emergency numbers ") == "emergency"
    assert menu_command("📝 举报邻居") == "new"
    assert menu_command("내 신고") is None


def test_hotlines_parse_label_and_order_for_the_situation() -> None:
    hotlines = parse_hotlines("112, 119,109,129,1366")
    assert [h.number for h in for_situation(hotlines, ["suicide_risk"])][:2] == ["109", "119"]
    assert [h.number for h in for_situation(hotlines, ["violence"])][:2] == ["112", "1366"]
    assert [h.number for h in for_situation(hotlines, [])] == ["112", "119", "109", "129", "1366"]
    custom = parse_hotlines("1577-0199=Mental health crisis line")
    assert custom == (Hotline("1577-0199", "Mental health crisis line"),)
    assert describe("zh", parse_hotlines("109")) == "• 109 自杀预防热线（24 小时）"
    for wrong in ("", "112,abc", "5555", "112="):
        with pytest.raises(ValueError):
            parse_hotlines(wrong if wrong else ",")
