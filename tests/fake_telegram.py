"""A fake Telegram Bot API served over real HTTP on 127.0.0.1, for the real PTB ``Bot``.

    with FakeTelegram() as fake:
        bot = fake.bot()  # or telegram.Bot(fake.token, base_url=f"{fake.url}/bot", ...)

It reads each call as the simulator's Bot API stand-in does (``webhook/simulator/wire.py``),
so ``params["chat_id"]`` is an int and ``params["reply_markup"]`` a dict.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from webhook.simulator.wire import Upload, read_parameters

_TRUE_METHODS = frozenset(
    {
        "answerCallbackQuery",
        "setWebhook",
        "deleteWebhook",
        "setMyCommands",
        "deleteMyCommands",
        "leaveChat",
        "sendChatAction",
        "deleteMessage",
    }
)


@dataclass
class Call:
    method: str
    params: dict
    token: str
    at: float
    status: int


class _ApiError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, ...}``."""


def _same_chat(a: Any, b: Any) -> bool:
    try:
        return int(a) == int(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-TOKEN"
    bot_username: str = "sagak_test_bot"
    url: str = ""
    _calls: list[Call] = field(default_factory=list, repr=False)
    _rules: list[list] = field(default_factory=list, repr=False)
    _blocked: set[int] = field(default_factory=set, repr=False)
    _files: dict[str, tuple[bytes, str]] = field(default_factory=dict, repr=False)
    _msg_ids: dict[Any, itertools.count] = field(default_factory=dict, repr=False)
    _webhook: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        routes = [
            Route("/bot{token}/{method}", self._api, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", self._file, methods=["GET"]),
        ]
        self.app = Starlette(routes=routes)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            self.app,
            loop="asyncio",
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="fake-telegram", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("fake Telegram server failed to start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._sock.close()
        self._server = self._thread = None

    def __enter__(self) -> FakeTelegram:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def bot(self, **kwargs: Any) -> Any:
        """A real ``telegram.Bot`` pointed at this fake (use ``async with`` it)."""
        import telegram

        return telegram.Bot(
            self.token, base_url=f"{self.url}/bot", base_file_url=f"{self.url}/file/bot", **kwargs
        )

    # -- inspection --------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def sent(self, method: str = "sendMessage", chat_id: int | str | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.status == 200
            and c.method == method
            and (chat_id is None or _same_chat(c.params.get("chat_id"), chat_id))
        ]

    def texts(self, chat_id: int | str | None = None) -> list[str]:
        return [c.params.get("text") for c in self.sent("sendMessage", chat_id)]

    def _poll(self, predicate, method, chat_id, count, timeout):
        """Yields None while waiting, then the matching calls; raises on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.sent(method, chat_id)
            if predicate() if predicate else len(found) >= count:
                yield found
                return
            if time.monotonic() > deadline:
                want = "predicate" if predicate else f"{count}x {method} (chat_id={chat_id})"
                dump = "\n".join(
                    f"  [{c.status}] {c.method} {c.params!r}" for c in self.calls[-50:]
                )
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {want}; calls:\n"
                    + (dump or "  (none)")
                )
            yield None

    async def wait_for(
        self,
        predicate: Callable[[], bool] | None = None,
        *,
        method: str = "sendMessage",
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        for found in self._poll(predicate, method, chat_id, count, timeout):
            if found is not None:
                return found
            await asyncio.sleep(0.02)
        raise AssertionError("unreachable")

    def wait_for_sync(
        self,
        predicate: Callable[[], bool] | None = None,
        *,
        method: str = "sendMessage",
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        for found in self._poll(predicate, method, chat_id, count, timeout):
            if found is not None:
                return found
            time.sleep(0.02)
        raise AssertionError("unreachable")

    # -- scripting ---------------------------------------------------------------------------
    def fail_next(
        self,
        status: int = 500,
        times: int = 1,
        method: str | None = "sendMessage",
        description: str = "Internal Server Error",
    ) -> None:
        body = {"ok": False, "error_code": status, "description": description}
        with self._lock:
            self._rules.append([method, status, body, times])

    def rate_limit_next(
        self, retry_after: int = 1, times: int = 1, method: str | None = "sendMessage"
    ) -> None:
        body = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        with self._lock:
            self._rules.append([method, 429, body, times])

    def block_chat(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.add(int(chat_id))

    def add_file(self, file_id: str, content: bytes, file_path: str = "photos/file_0.jpg") -> None:
        with self._lock:
            self._files[file_id] = (content, file_path)

    def forget_file(self, file_id: str) -> None:
        """Telegram no longer has the file (too old, or another bot token): getFile fails."""
        with self._lock:
            self._files.pop(file_id, None)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._rules.clear()
            self._blocked.clear()

    # -- HTTP handlers -----------------------------------------------------------------------
    def _record(self, method: str, params: dict, token: str, status: int, body: Any) -> Response:
        with self._lock:
            self._calls.append(Call(method, params, token, time.monotonic(), status))
        if isinstance(body, bytes):
            return Response(body, status_code=status)
        return JSONResponse(body, status_code=status)

    async def _api(self, request: Request) -> Response:
        token, method = request.path_params["token"], request.path_params["method"]
        params = await read_parameters(request)
        status, body = self._scripted(token, method, params)
        if status == 200:
            try:
                body = {"ok": True, "result": self._result(method, params)}
            except _ApiError as exc:
                status, desc = exc.args
                body = {"ok": False, "error_code": status, "description": desc}
        return self._record(method, params, token, status, body)

    def _scripted(self, token: str, method: str, params: dict) -> tuple[int, dict | None]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._lock:
            for rule in self._rules:  # [method, status, body, times_left]
                if rule[3] > 0 and (rule[0] == method or (rule[0] is None and method != "getMe")):
                    rule[3] -= 1
                    return rule[1], rule[2]
            chat = params.get("chat_id")
            if isinstance(chat, int) and chat in self._blocked:
                return 403, {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                }
        return 200, None

    async def _file(self, request: Request) -> Response:
        token, path = request.path_params["token"], request.path_params["path"]
        with self._lock:
            content = next((c for c, p in self._files.values() if p == path), None)
        status, body = (
            (401, b"Unauthorized")
            if token != self.token
            else (404, b"Not Found")
            if content is None
            else (200, content)
        )
        return self._record("downloadFile", {"file_path": path}, token, status, body)

    def _me(self) -> dict:
        return {
            "id": int(self.token.split(":")[0]),
            "is_bot": True,
            "first_name": "sagak",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _message(self, params: dict, **extra: Any) -> dict:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int):
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group"}
        else:
            chat = {"id": -1001, "type": "channel", "username": str(chat_id).lstrip("@")}
        with self._lock:
            counter = self._msg_ids.setdefault(chat_id, itertools.count(1))
            message_id = params.get("message_id") or next(counter)
        msg = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self._me(),
            **extra,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup  # Telegram only echoes inline keyboards
        return msg

    def _result(self, method: str, params: dict) -> Any:
        if method == "getMe":
            return self._me()
        if method in _TRUE_METHODS:
            if method == "setWebhook":
                self._webhook = params.get("url", "")
            elif method == "deleteWebhook":
                self._webhook = ""
            return True
        if method == "getWebhookInfo":
            return {
                "url": self._webhook,
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        if method == "sendMessage":
            return self._message(params, text=params.get("text", ""))
        if method == "sendLocation":
            loc = {"latitude": params.get("latitude"), "longitude": params.get("longitude")}
            return self._message(params, location=loc)
        if method == "sendPhoto":
            return self._send_photo(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            if "inline_message_id" in params:
                return True
            extra = {"text": params["text"]} if "text" in params else {}
            return self._message(params, edit_date=int(time.time()), **extra)
        if method == "getFile":
            with self._lock:
                entry = self._files.get(str(params.get("file_id")))
            if entry is None:
                raise _ApiError(400, "Bad Request: invalid file_id")
            fid = str(params["file_id"])
            return {
                "file_id": fid,
                "file_unique_id": f"u-{fid}"[:32],
                "file_size": len(entry[0]),
                "file_path": entry[1],
            }
        raise _ApiError(404, "Not Found")

    def _send_photo(self, params: dict) -> dict:
        photo, n = params.get("photo"), next(self._seq)
        fid = photo if isinstance(photo, str) else f"photo-{n}"
        if isinstance(photo, Upload):  # uploaded bytes become downloadable via getFile
            self.add_file(fid, photo.content, f"photos/file_{n}.jpg")
        sizes = [
            {"file_id": f"{fid}-s", "file_unique_id": f"u{n}s", "width": 90, "height": 90},
            {"file_id": fid, "file_unique_id": f"u{n}", "width": 800, "height": 800},
        ]
        extra = {"caption": params["caption"]} if "caption" in params else {}
        return self._message(params, photo=sizes, **extra)
