"""Answering a skill request: play the stored request, then say what waits for the resident.

Every message to a KakaoTalk resident is an outbox row that waits until a skill answer
carries it: the answer to the request that caused it, the resident's next message, or the
event block the Event API triggers. An answer takes the oldest rows (emergency numbers
first) that fit Kakao's limits; the rest wait for the next one.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.catalog import language_for, t
from bot.channels.kakao.adapter import inbound_for
from bot.channels.kakao.photos import Photos, keep_photos
from bot.channels.kakao.replies import SEND
from bot.channels.kakao.request import SkillRequest, parse
from bot.conversation import DialogueConfig, handle
from bot.inbound import Inbound, Kind
from bot.outgoing import enqueue_reply
from storage import inbox, reporters
from storage.channels import Channel, DeliveryRoute, kakao_chat_id
from storage.models import InboxUpdate, Message, OutboxMessage
from storage.types import utcnow

log = logging.getLogger(__name__)
MAX_OUTPUTS = 3
MAX_TEXT = 1000
MAX_QUICK_REPLIES = 10
MAX_LABEL = 14  # longer labels are cut by KakaoTalk; the words sent stay whole


def store(engine: Engine, request: SkillRequest, payload: dict[str, Any]) -> int:
    """Store the request durably before anything else; returns its inbox id."""
    body = json.dumps(payload, ensure_ascii=False)
    while True:
        update_id = inbox.new_request_id()
        if inbox.store_update(
            engine,
            update_id=update_id,
            chat_id=kakao_chat_id(request.user_key),
            payload=body,
            channel=Channel.KAKAO,
            channel_user_id=request.user_key,
        ):
            return update_id


class Handoff:
    """Who answers the resident: the turn (its replies in the answer, taken in its own
    transaction) or the route's holding answer when the turn ran past the budget. Whichever
    claims first wins, so no reply is marked delivered in an answer that was not sent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: str | None = None

    def answering(self) -> bool:
        return self._claim("answering")

    def hold(self) -> bool:
        return self._claim("held")

    def _claim(self, state: str) -> bool:
        with self._lock:
            if self._state is None:
                self._state = state
            return self._state == state


def play(
    engine: Engine,
    config: DialogueConfig,
    request: SkillRequest,
    update_id: int,
    handoff: Handoff | None = None,
    photos: Photos | None = None,
) -> dict[str, Any] | None:
    """Apply the stored request: the dialogue's replies join the resident's outbox rows,
    and the request is marked processed; unless the route has given a holding answer, the
    answer takes what waits for the resident, all in one transaction. Returns that answer,
    or None (already played elsewhere, or held: the replies wait for the next request)."""
    handoff = handoff or Handoff()
    with Session(engine, expire_on_commit=False) as session:
        rows = inbox.pending_up_to(
            session, chat_id=kakao_chat_id(request.user_key), update_id=update_id
        )
        if not rows or rows[-1].update_id != update_id:
            return None  # already played (by a later request, or the inbox worker)
        before = reporters.find(session, channel=Channel.KAKAO, channel_user_id=request.user_key)
        open_before = before.open_case_id if before is not None else None
        for row in rows[:-1]:  # earlier requests first: one left by a timeout or a crash
            try:
                with session.begin_nested():
                    _apply(session, config, row)
            except Exception as error:
                # It failed before; it must not block this request: count it, and park it
                # after MAX_ATTEMPTS like any update.
                log.warning("earlier request %s failed again: %s", row.update_id, error)
                inbox.count_failure(session, row, error=f"{type(error).__name__}: {error}")
        _apply(session, config, rows[-1])
        reporter = reporters.find(session, channel=Channel.KAKAO, channel_user_id=request.user_key)
        if photos is not None and reporter is not None:
            for reply in keep_photos(
                session, request=request, photos=photos, language=reporter.language
            ):
                enqueue_reply(session, reply, channel_user_id=request.user_key)
        if reporter is not None:
            reporter.channel_friend = request.friend
            reporter.channel_friend_key = request.friend_key or reporter.channel_friend_key
            session.add(reporter)
        session.flush()
        answered = None
        if handoff.answering():
            opened = reporter is not None and reporter.open_case_id not in (None, open_before)
            answered = take(
                session,
                user_key=request.user_key,
                route=DeliveryRoute.KAKAO_ANSWER,
                language=request.language,
                # A new case for someone who has not added the channel: how to get replies.
                note="kakao.add_channel" if opened and not request.friend else None,
            )
        session.commit()
    return answered


def _apply(session: Session, config: DialogueConfig, row: InboxUpdate) -> None:
    stored = parse(json.loads(row.payload))
    inbound = _matched(session, inbound_for(stored, update_id=row.update_id))
    for reply in handle(session, inbound, config):
        mine = reply.chat_id == inbound.chat_id
        enqueue_reply(session, reply, channel_user_id=stored.user_key if mine else None)
    inbox.mark_processed(session, row)


def _matched(session: Session, inbound: Inbound) -> Inbound:
    """A tapped quick reply comes back as its words: the button it stood for, if sagak
    offered one with those words in the last answer."""
    if inbound.kind is not Kind.TEXT or inbound.user_key is None:
        return inbound
    statement = (
        select(OutboxMessage)
        .where(
            col(OutboxMessage.channel) == Channel.KAKAO,
            col(OutboxMessage.channel_user_id) == inbound.user_key,
            col(OutboxMessage.status) == "sent",
        )
        .order_by(col(OutboxMessage.sent_at).desc(), col(OutboxMessage.id).desc())
        .limit(3)
    )
    for row in session.exec(statement):
        for choice in row.payload.get("choices", []):
            if choice.get("data") and choice.get("text") == inbound.text:
                return replace(inbound, kind=Kind.CALLBACK, callback_data=choice["data"])
    return inbound


def answer(
    engine: Engine,
    *,
    user_key: str,
    route: DeliveryRoute,
    language: str | None,
    note: str | None = None,
) -> dict[str, Any]:
    """The SkillResponse carrying what waits for this resident (marked delivered by
    `route` in the same transaction), within Kakao's limits."""
    with Session(engine, expire_on_commit=False) as session:
        answered = take(session, user_key=user_key, route=route, language=language, note=note)
        session.commit()
    return answered


def take(
    session: Session,
    *,
    user_key: str,
    route: DeliveryRoute,
    language: str | None,
    note: str | None = None,
) -> dict[str, Any]:
    """Mark what waits for the resident delivered by `route`, in the caller's transaction,
    and return the SkillResponse that carries it."""
    reporter = reporters.find(session, channel=Channel.KAKAO, channel_user_id=user_key)
    lang = reporter.language if reporter is not None else language_for(language)
    statement = (
        select(OutboxMessage)
        .where(
            col(OutboxMessage.channel) == Channel.KAKAO,
            col(OutboxMessage.channel_user_id) == user_key,
            col(OutboxMessage.status) == "pending",
            col(OutboxMessage.method) == SEND,
        )
        .order_by(col(OutboxMessage.urgent).desc(), col(OutboxMessage.id))
        .with_for_update()
    )
    rows = list(session.exec(statement))
    texts: list[str] = []
    choices: list[dict[str, str]] = []
    taken = 0
    staff = False
    now = utcnow()
    for row in rows:
        parts = _chunks(str(row.payload.get("text", "")))
        if len(texts) + len(parts) > MAX_OUTPUTS:
            if texts:
                break
            parts = parts[:MAX_OUTPUTS]  # one very long message: its first 3,000
        texts += parts
        choices = list(row.payload.get("choices", []))
        taken += 1
        row.status, row.sent_at, row.attempts = "sent", now, row.attempts + 1
        session.add(row)
        if reporter is None:
            # The resident erased their identity with /forget in this turn: the goodbye
            # goes out in this answer, and their key is not kept beside it.
            row.channel_user_id, row.payload = None, {"redacted": "forgotten"}
        message = session.get(Message, row.message_id) if row.message_id else None
        if message is not None:
            staff = staff or message.author == "staff"
            message.delivery, message.delivered_at = "sent", now
            message.delivery_route = route
            session.add(message)
    waiting = taken < len(rows)
    if not texts:
        texts = [t(lang, "kakao.nothing_new")]
    mine = t(lang, "menu.cases")
    if (staff or waiting) and all(choice.get("text") != mine for choice in choices):
        # "My reports" shows the resident's cases and anything still waiting for them.
        choices = [*choices[: MAX_QUICK_REPLIES - 1], {"text": mine}]
    if waiting and len(texts) < MAX_OUTPUTS:
        texts.append(t(lang, "kakao.more_waiting"))
    elif note is not None and len(texts) < MAX_OUTPUTS:
        texts.append(t(lang, note))
    return response(texts, choices)


def holding(language: str | None) -> dict[str, Any]:
    """The answer when the request is stored but its turn is not finished in time."""
    lang = language_for(language)
    return response([t(lang, "kakao.holding")], [{"text": t(lang, "menu.cases")}])


def response(texts: list[str], choices: list[dict[str, str]]) -> dict[str, Any]:
    outputs = [{"simpleText": {"text": text[:MAX_TEXT]}} for text in texts[:MAX_OUTPUTS]]
    template: dict[str, Any] = {"outputs": outputs}
    quick = [
        {"label": choice["text"][:MAX_LABEL], "action": "message", "messageText": choice["text"]}
        for choice in choices[:MAX_QUICK_REPLIES]
        if choice.get("text")
    ]
    if quick:
        template["quickReplies"] = quick
    return {"version": "2.0", "template": template}


def _chunks(text: str) -> list[str]:
    text = text or " "
    return [text[start : start + MAX_TEXT] for start in range(0, len(text), MAX_TEXT)]
