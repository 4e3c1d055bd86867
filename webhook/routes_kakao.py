"""POST /kakao/skill: check the secret, store the request durably, play it, answer.

Kakao shows only what the HTTP answer says, within 5 seconds. The request is stored
before anything else; its turn is played at once, and the answer carries what waits for
the resident. A turn that takes longer than ANSWER_BUDGET is left to finish: the answer
says so, and the replies come with the resident's next message.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.channels.kakao import skill
from bot.channels.kakao.photos import Photos, download
from bot.channels.kakao.request import BadSkillRequest, read_skill_request
from bot.processing import record_failure
from storage.channels import DeliveryRoute
from webhook.deps import RuntimeDep
from webhook.routes_telegram import MAX_UPDATE_BYTES, _read_capped
from webhook.runtime import Runtime

router = APIRouter()
log = logging.getLogger(__name__)
SECRET_HEADER = "x-sagak-kakao-secret"  # noqa: S105 (a header name)
# Kakao waits 5 seconds; what is left covers storing, answering and the network.
ANSWER_BUDGET = 3.0
_late: set[asyncio.Future[None]] = set()  # failures being recorded after a holding answer


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


@router.post("/kakao/skill", include_in_schema=False)
async def kakao_skill(request: Request, runtime: RuntimeDep) -> JSONResponse:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ANSWER_BUDGET  # photo downloads count against it too
    settings = runtime.settings
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        return _error(401, "missing X-Sagak-Kakao-Secret")
    secret = settings.kakao.skill_secret
    if secret is None:
        return _error(403, "the KakaoTalk channel is off on this server")
    if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
        return _error(403, "wrong X-Sagak-Kakao-Secret")
    body = await _read_capped(request)
    if body is None:
        return _error(413, f"request larger than {MAX_UPDATE_BYTES} bytes")
    try:
        skill_request, payload = read_skill_request(body)
    except BadSkillRequest as error:
        return _error(400, str(error))
    if settings.kakao.bot_id is not None and skill_request.bot_id != settings.kakao.bot_id:
        return _error(403, "a skill request for another bot")
    engine = runtime.engine
    if skill_request.intent == settings.kakao.event_name:
        # The event block the Event API triggered: nothing the resident said, only what
        # waits for them.
        waiting = await asyncio.to_thread(
            skill.answer,
            engine,
            user_key=skill_request.user_key,
            route=DeliveryRoute.KAKAO_EVENT,
            language=skill_request.language,
        )
        return JSONResponse(waiting)
    update_id = await asyncio.to_thread(skill.store, engine, skill_request, payload)
    photos = None
    if skill_request.photo_urls and runtime.store is not None:
        # Stored first; then the photos, at once: Kakao's URLs expire in minutes.
        async with httpx.AsyncClient(trust_env=False) as client:
            downloaded = await download(
                client, skill_request.photo_urls, max_bytes=runtime.limits.max_bytes
            )
        photos = Photos(downloaded, runtime.store, runtime.limits)
    handoff = skill.Handoff()
    turn = asyncio.ensure_future(
        asyncio.to_thread(
            skill.play, engine, runtime.dialogue, skill_request, update_id, handoff, photos
        )
    )
    answer: dict[str, Any] | None
    try:
        try:
            left = max(deadline - loop.time(), 0.0)
            answer = await asyncio.wait_for(asyncio.shield(turn), timeout=left)
        except TimeoutError:
            if handoff.hold():
                turn.add_done_callback(lambda done: _after_holding(runtime, update_id, done))
                return JSONResponse(skill.holding(skill_request.language))
            answer = await turn  # the turn is taking its answer now: moments away
    except Exception as error:
        # Stored: played again with the next request or by the inbox worker, and parked
        # after a few failures so that one bad request never blocks the resident's next.
        log.exception("skill request %s failed; kept to be played again", update_id)
        await asyncio.to_thread(record_failure, engine, update_id, 0, error)
        return JSONResponse(skill.holding(skill_request.language))
    if answer is None:  # a later request played it: answer with whatever still waits
        answer = await asyncio.to_thread(
            skill.answer,
            engine,
            user_key=skill_request.user_key,
            route=DeliveryRoute.KAKAO_ANSWER,
            language=skill_request.language,
        )
    # After the answer took this resident's rows: staff alerts for the Telegram group go
    # out, and the Event API is not asked to announce what this answer carries.
    runtime.outbox_written()
    return JSONResponse(answer)


def _after_holding(
    runtime: Runtime, update_id: int, done: asyncio.Future[dict[str, Any] | None]
) -> None:
    """The turn a holding answer left behind has ended: its replies wait for the resident."""
    if done.cancelled():
        return
    error = done.exception()
    if isinstance(error, Exception):
        log.error("skill request %s failed after its holding answer: %s", update_id, error)
        failed = asyncio.to_thread(record_failure, runtime.engine, update_id, 0, error)
        _late.add(asyncio.ensure_future(failed))
        _late.difference_update({task for task in _late if task.done()})
        return
    runtime.outbox_written()
