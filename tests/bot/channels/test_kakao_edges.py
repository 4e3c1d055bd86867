"""KakaoTalk's edges without a server: what a SkillRequest says, and answers within limits."""

from __future__ import annotations

import json

import pytest

from bot.catalog import t
from bot.channels.kakao.adapter import inbound_for
from bot.channels.kakao.replies import to_kakao
from bot.channels.kakao.request import BadSkillRequest, read_skill_request
from bot.channels.kakao.skill import response
from bot.inbound import Button, Keyboard, Kind, Method, Reply
from storage.channels import Channel, channel_of_chat, kakao_chat_id
from tests.fake_kakao import KakaoUser


def _read(body: dict[str, object]):  # type: ignore[no-untyped-def]
    return read_skill_request(json.dumps(body).encode())[0]


def test_a_secure_image_parameter_gives_every_photo_url_json_string_or_object() -> None:
    user = KakaoUser("u-1")
    as_string = _read(user.secure_image(["https://x/1.jpg?e=1", "https://x/2.jpg"]))
    assert as_string.photo_urls == ("https://x/1.jpg?e=1", "https://x/2.jpg")
    body = user.request("", params={"secureimage": {"secureUrls": "List(https://x/3.png)"}})
    assert _read(body).photo_urls == ("https://x/3.png",)


def test_an_image_as_media_or_as_the_whole_utterance_is_a_photo() -> None:
    user = KakaoUser("u-2")
    media = user.request("사진", user_params={"media": {"type": "image", "url": "https://m/a"}})
    assert _read(media).photo_urls == ("https://m/a",)
    typed = _read(user.request("https://talk.kakaocdn.net/dn/abc/photo.jpg"))
    assert typed.photo_urls == ("https://talk.kakaocdn.net/dn/abc/photo.jpg",)
    inbound = inbound_for(typed)
    assert inbound.kind is Kind.PHOTO and inbound.text == ""
    assert _read(user.request("주소는 https://map.example/x 입니다")).photo_urls == ()


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"userRequest": {}}', b'{"userRequest": {"user": {"id": ""}}}'],
)
def test_bodies_that_are_not_skill_requests_are_refused(body: bytes) -> None:
    with pytest.raises(BadSkillRequest):
        read_skill_request(body)


def test_the_resident_is_the_bot_user_key_with_the_friend_flag_and_language() -> None:
    request = _read(KakaoUser("u-3", lang=None, friend=False).request("My neighbour is ill"))
    assert (request.user_key, request.friend, request.friend_key) == ("u-3", False, "pf-u-3")
    inbound = inbound_for(request)
    assert inbound.channel == Channel.KAKAO and inbound.channel_user_id == "u-3"
    assert inbound.language_code == "en"  # no lang from Kakao: the text's language
    assert inbound_for(_read(KakaoUser("u-3", lang=None).request("邻居病了"))).language_code == "zh"


def test_typed_commands_and_invite_codes_are_commands() -> None:
    user = KakaoUser("u-4")
    forget = inbound_for(_read(user.request("/forget")))
    assert (forget.kind, forget.command) == (Kind.COMMAND, "forget")
    code = inbound_for(_read(user.request("vabcdefghjk")))
    assert (code.kind, code.command, code.argument) == (Kind.COMMAND, "start", "vabcdefghjk")


def test_kakao_chat_ids_never_meet_telegram_ids() -> None:
    chat = kakao_chat_id("u-5")
    assert chat == kakao_chat_id("u-5") and chat != kakao_chat_id("u-6")
    assert channel_of_chat(chat) is Channel.KAKAO and chat < 2**63
    assert channel_of_chat(2**52) is Channel.TELEGRAM
    assert channel_of_chat(-1001234567890) is Channel.TELEGRAM


def test_buttons_and_keyboards_become_choices_and_redraws_are_dropped() -> None:
    buttons = ((Button("예", "a:1:yes"), Button("아니요", "a:1:no")),)
    assert to_kakao(Reply(1, "질문", buttons=buttons)) == (
        "kakao_text",
        {
            "text": "질문",
            "language": "ko",
            "choices": [{"text": "예", "data": "a:1:yes"}, {"text": "아니요", "data": "a:1:no"}],
        },
    )
    located = to_kakao(Reply(1, "어디?", "en", Keyboard.ASK_LOCATION))
    assert located is not None and located[1]["choices"] == [{"text": t("en", "button.skip")}]
    assert to_kakao(Reply(1, "", method=Method.EDIT_BUTTONS, buttons=buttons)) is None
    assert to_kakao(Reply(1, "", method=Method.ANSWER_CALLBACK, callback_id="c")) is None


def test_answers_keep_kakao_limits() -> None:
    many = [{"text": f"choice number {n} with a long label"} for n in range(14)]
    answer = response(["a" * 1500, "b", "c", "d"], many)
    outputs = answer["template"]["outputs"]
    assert len(outputs) == 3 and all(len(o["simpleText"]["text"]) <= 1000 for o in outputs)
    quick = answer["template"]["quickReplies"]
    assert len(quick) == 10 and all(len(q["label"]) <= 14 for q in quick)
    assert quick[0]["messageText"] == "choice number 0 with a long label"
