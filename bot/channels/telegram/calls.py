"""A Reply as the Bot API call that delivers it (plain data: the outbox stores it)."""

from __future__ import annotations

from typing import Any

from bot.catalog import t
from bot.inbound import Keyboard, Method, Reply
from bot.menus import MENU_ROWS, VOLUNTEER_MENU_ROWS


def to_call(reply: Reply) -> tuple[str, dict[str, Any]]:
    """The Bot API method and parameters that deliver a reply."""
    if reply.method is Method.ANSWER_CALLBACK:
        answer: dict[str, Any] = {"callback_query_id": reply.callback_id}
        if reply.text:
            answer["text"] = reply.text
        return "answerCallbackQuery", answer
    inline = {
        "inline_keyboard": [
            [{"text": button.text, "callback_data": button.data} for button in row]
            for row in reply.buttons
        ]
    }
    if reply.method is Method.EDIT_BUTTONS:
        return "editMessageReplyMarkup", {
            "chat_id": reply.chat_id,
            "message_id": reply.target_message_id,
            "reply_markup": inline,
        }
    payload: dict[str, Any] = {"chat_id": reply.chat_id, "text": reply.text}
    if reply.buttons:
        payload["reply_markup"] = inline
    elif reply.keyboard is not Keyboard.NONE:
        payload["reply_markup"] = _reply_keyboard(reply.keyboard, reply.language)
    payload.update(reply.extra)
    return "sendMessage", payload


def _reply_keyboard(keyboard: Keyboard, language: str) -> dict[str, Any]:
    if keyboard is Keyboard.REMOVE:
        return {"remove_keyboard": True}
    if keyboard in (Keyboard.MENU, Keyboard.VOLUNTEER_MENU):
        layout = MENU_ROWS if keyboard is Keyboard.MENU else VOLUNTEER_MENU_ROWS
        rows = [[{"text": t(language, key)} for key in row] for row in layout]
        return {"keyboard": rows, "resize_keyboard": True, "is_persistent": True}
    if keyboard is Keyboard.ASK_CONTACT:
        first = {"text": t(language, "button.share_phone"), "request_contact": True}
        second = {"text": t(language, "button.no_phone")}
    else:
        first = {"text": t(language, "button.share_location"), "request_location": True}
        second = {"text": t(language, "button.skip")}
    return {"keyboard": [[first], [second]], "resize_keyboard": True, "one_time_keyboard": True}
