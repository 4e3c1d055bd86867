"""A stand-in for Telegram's Bot API servers: answers the calls python-telegram-bot makes.

It speaks the Bot API's HTTP layout (`/bot{token}/{method}`, `/file/bot{token}/{path}`) and
records each message in the simulator's chat log instead of a phone. It runs inside the
sagak process: PTB reaches it through an in-process HTTP transport, so it is never exposed
on the network.
"""

from __future__ import annotations

import hmac
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webhook.simulator.chats import ChatLog, Entry
from webhook.simulator.files import PhotoStore
from webhook.simulator.wire import read_parameters

BOT_ID = 7_000_000_001
BOT_USERNAME = "sagak_simulator_bot"
# Calls that change nothing a person would see in the chat.
_QUIET_METHODS = frozenset(
    {
        "setMyCommands",
        "deleteMyCommands",
        "setWebhook",
        "deleteWebhook",
        "sendChatAction",
        "setChatMenuButton",
        "setMyDescription",
        "setMyShortDescription",
        "leaveChat",
    }
)


class ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def bot_user() -> dict[str, Any]:
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "sagak",
        "username": BOT_USERNAME,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


class BotApiStandIn:
    """The Bot API methods sagak uses, on top of a ChatLog and a PhotoStore."""

    def __init__(self, *, token: str, chats: ChatLog, photos: PhotoStore) -> None:
        self.token = token
        self.chats = chats
        self.photos = photos
        self.app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
            ]
        )

    def _authorized(self, request: Request) -> bool:
        given = str(request.path_params["token"]).encode()
        return hmac.compare_digest(given, self.token.encode())

    async def _api(self, request: Request) -> Response:
        if not self._authorized(request):
            return _error(ApiError(401, "Unauthorized"))
        params = await read_parameters(request)
        try:
            result = await self.call(str(request.path_params["method"]), params)
        except ApiError as error:
            return _error(error)
        return JSONResponse({"ok": True, "result": result})

    async def _file(self, request: Request) -> Response:
        if not self._authorized(request):
            return Response(b"Unauthorized", status_code=401)
        content = self.photos.read(str(request.path_params["path"]))
        if content is None:
            return Response(b"Not Found", status_code=404)
        return Response(content, media_type="application/octet-stream")

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """Answer one Bot API method as Telegram would."""
        if method == "getMe":
            return bot_user()
        if method in _QUIET_METHODS:
            return True
        if method == "answerCallbackQuery":
            self.chats.answered(str(params.get("callback_query_id", "")), params.get("text"))
            return True
        if method == "getFile":
            photo = self.photos.find(str(params.get("file_id", "")))
            if photo is None:
                raise ApiError(400, "Bad Request: invalid file_id")
            return {
                "file_id": photo.file_id,
                "file_unique_id": photo.file_unique_id,
                "file_size": photo.size,
                "file_path": photo.path,
            }
        chat_id = _chat_id(params)
        if method == "sendMessage":
            text = str(params.get("text", ""))
            if not text.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            entry = self.chats.bot_sent(chat_id, _markup(params), text=text)
            return _message(chat_id, entry)
        if method == "sendLocation":
            where = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
            entry = self.chats.bot_sent(chat_id, _markup(params), location=where)
            return _message(chat_id, entry)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            new_text = str(params.get("text", "")) if method == "editMessageText" else None
            edited = self.chats.bot_edited(
                chat_id, int(params.get("message_id", 0)), text=new_text, markup=_markup(params)
            )
            if edited is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            return _message(chat_id, edited)
        if method == "deleteMessage":
            if not self.chats.bot_deleted(chat_id, int(params.get("message_id", 0))):
                raise ApiError(400, "Bad Request: message to delete not found")
            return True
        raise ApiError(404, f"Not Found: {method} is not simulated")


def _chat_id(params: dict[str, Any]) -> int:
    value = params.get("chat_id")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApiError(400, "Bad Request: chat not found")
    return value


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    return markup if isinstance(markup, dict) else None


def _message(chat_id: int, entry: Entry) -> dict[str, Any]:
    chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    if chat_id < 0:
        chat["title"] = "staff"
    message: dict[str, Any] = {
        "message_id": entry.message_id,
        "date": int(entry.at),
        "chat": chat,
        "from": bot_user(),
    }
    if entry.text:
        message["text"] = entry.text
    if entry.location is not None:
        message["location"] = entry.location
    if entry.buttons:  # Telegram echoes inline keyboards only
        message["reply_markup"] = {
            "inline_keyboard": [
                [{"text": b["text"], "callback_data": b["data"]} for b in row]
                for row in entry.buttons
            ]
        }
    if entry.edited:
        message["edit_date"] = int(time.time())
    return message


def _error(error: ApiError) -> JSONResponse:
    body = {"ok": False, "error_code": error.status, "description": error.description}
    return JSONResponse(body, status_code=error.status)
