"""A Reply as a KakaoTalk outbox row: the words and the choices, shown in a skill answer."""

from __future__ import annotations

from typing import Any

from bot.catalog import t
from bot.inbound import Keyboard, Method, Reply
from bot.menus import MENU_ROWS, VOLUNTEER_MENU_ROWS

SEND = "kakao_text"
# The dialogue's messages worded for KakaoTalk (bot.catalog.for_channel picks them): they
# ask for a typed address where Telegram's wording points at the location button.
# The greeting names KakaoTalk where Telegram's names Telegram.
WORDING = ("report.ask_location.kakao", "report.address_unsure.kakao", "start.greeting.kakao")


def to_kakao(reply: Reply) -> tuple[str, dict[str, Any]] | None:
    """The row for a reply, or None when KakaoTalk has nothing to show for it.

    KakaoTalk has no inline buttons to redraw and no spinner to stop; a button's answer
    with words is said as a message. Buttons and keyboards become quick replies: each
    `choices` entry is the label shown and the words the tap sends back, and `data` the
    button's callback (matched again when those words come back).
    """
    if reply.method is Method.EDIT_BUTTONS:
        return None
    if reply.method is Method.ANSWER_CALLBACK and not reply.text:
        return None
    choices: list[dict[str, str]] = []
    for row in reply.buttons:
        choices.extend({"text": button.text, "data": button.data} for button in row)
    if not choices:
        choices = [{"text": text} for text in _keyboard(reply.keyboard, reply.language)]
    return SEND, {"text": reply.text, "language": reply.language, "choices": choices}


def _keyboard(keyboard: Keyboard, language: str) -> list[str]:
    if keyboard in (Keyboard.MENU, Keyboard.VOLUNTEER_MENU):
        layout = MENU_ROWS if keyboard is Keyboard.MENU else VOLUNTEER_MENU_ROWS
        return [t(language, key) for row in layout for key in row]
    if keyboard is Keyboard.ASK_CONTACT:
        return [t(language, "button.no_phone")]
    if keyboard is Keyboard.ASK_LOCATION:
        # Skills get no GPS from KakaoTalk: the resident types the address, or skips.
        return [t(language, "button.skip")]
    return []
