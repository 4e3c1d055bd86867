"""A fake KakaoTalk platform: SkillRequests shaped like Kakao's documented samples, and an
Event API and photo host served over real HTTP on 127.0.0.1.

The skill requests go to the real app (``KakaoUser.say``); the Event API records what sagak
asked for and answers as Kakao does (a task id: accepted, not delivered); photos expire.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

SKILL_SECRET = "kakao-skill-secret-0123456789"
BOT_ID = "5f0c0ffee0123456789abcde"
REST_API_KEY = "rest-api-key-abcdef"
EVENT_NAME = "sagak_reply"


@dataclass
class EventCall:
    authorization: str
    body: dict[str, Any]


@dataclass
class FakeKakao:
    url: str = ""
    calls: list[EventCall] = field(default_factory=list)
    photos: dict[str, tuple[bytes, float]] = field(default_factory=dict)
    refuse_events: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._tasks = itertools.count(1)
        self._server: uvicorn.Server | None = None
        self.app = Starlette(
            routes=[
                Route("/v2/bots/{bot_id}/talk", self._talk, methods=["POST"]),
                Route("/secure/{name}", self._photo, methods=["GET"]),
            ]
        )

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(self.app, lifespan="off", log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Kakao failed to start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._sock.close()

    async def _talk(self, request: Request) -> Response:
        body = await request.json()
        with self._lock:
            self.calls.append(EventCall(request.headers.get("authorization", ""), body))
        if self.refuse_events:
            return JSONResponse({"status": "FAIL", "message": "not allowed"}, status_code=403)
        return JSONResponse({"taskId": f"task-{next(self._tasks)}", "status": "SUCCESS"})

    async def _photo(self, request: Request) -> Response:
        found = self.photos.get(request.path_params["name"])
        if found is None or found[1] < time.time():
            return Response(status_code=403)  # Kakao's secure URLs expire in minutes
        return Response(found[0], media_type="image/jpeg")

    def photo_url(self, name: str, data: bytes, *, lifetime: float = 600) -> str:
        self.photos[name] = (data, time.time() + lifetime)
        return f"{self.url}/secure/{name}"


@dataclass
class KakaoUser:
    """A KakaoTalk user talking to the skill through the real app."""

    key: str
    lang: str | None = "ko"
    friend: bool = True
    bot_id: str = BOT_ID

    def request(
        self,
        utterance: str,
        *,
        intent: str = "폴백 블록",
        params: dict[str, Any] | None = None,
        user_params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A SkillRequest as Open Builder sends it for the fallback block."""
        return {
            "intent": {"id": "intent-1", "name": intent},
            "userRequest": {
                "timezone": "Asia/Seoul",
                "params": {
                    "ignoreMe": "true",
                    "surface": "Kakaotalk.plusfriend",
                    **(user_params or {}),
                },
                "block": {"id": "block-1", "name": intent},
                "utterance": utterance,
                "lang": self.lang,
                "user": {
                    "id": self.key,
                    "type": "botUserKey",
                    "properties": {
                        "botUserKey": self.key,
                        "plusfriendUserKey": f"pf-{self.key}",
                        "isFriend": self.friend,
                    },
                },
            },
            "bot": {"id": self.bot_id, "name": "사각"},
            "action": {
                "name": "sagak",
                "clientExtra": None,
                "params": params or {},
                "id": "action-1",
                "detailParams": {},
            },
        }

    def secure_image(self, urls: list[str], utterance: str = "") -> dict[str, Any]:
        """A photo through the secure-image plugin (its parameter is a JSON string)."""
        value = json.dumps(
            {
                "privacyAgreement": "Y",
                "imageQuantity": str(len(urls)),
                "secureUrls": f"List({', '.join(urls)})",
                "expire": "2026-12-05T10:00:00",
            }
        )
        return self.request(utterance, params={"secureimage": value})

    def event(self) -> dict[str, Any]:
        """The event block's request after an Event API call."""
        return self.request("", intent=EVENT_NAME)

    async def say(
        self, client: httpx.AsyncClient, utterance: str, *, secret: str = SKILL_SECRET
    ) -> dict[str, Any]:
        return await self.send(client, self.request(utterance), secret=secret)

    async def send(
        self, client: httpx.AsyncClient, body: dict[str, Any], *, secret: str = SKILL_SECRET
    ) -> dict[str, Any]:
        response = await client.post(
            "/kakao/skill", json=body, headers={"X-Sagak-Kakao-Secret": secret}
        )
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        check_limits(answer)
        return answer


def check_limits(answer: dict[str, Any]) -> None:
    """Kakao's limits on a SkillResponse: version 2.0, 1-3 outputs, text ≤ 1,000
    characters, ≤ 10 quick replies."""
    assert answer["version"] == "2.0"
    outputs = answer["template"]["outputs"]
    assert 1 <= len(outputs) <= 3
    assert all(len(output["simpleText"]["text"]) <= 1000 for output in outputs)
    assert len(answer["template"].get("quickReplies", [])) <= 10


def texts(answer: dict[str, Any]) -> list[str]:
    return [output["simpleText"]["text"] for output in answer["template"]["outputs"]]


def quick_replies(answer: dict[str, Any]) -> list[str]:
    return [reply["messageText"] for reply in answer["template"].get("quickReplies", [])]
