"""The Event API: tell KakaoTalk that a staff reply waits, so it triggers the event block.

`POST {api}/v2/bots/{bot id}/talk` with `Authorization: KakaoAK {key}` names the event
and up to 100 residents. Kakao answers with a task id: accepted, not delivered. The reply
stays waiting until the event block's skill request (or the resident's next message)
carries it; the row records the task so it is announced once.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.channels import Channel
from storage.models import Message, OutboxMessage, Reporter
from storage.types import utcnow

log = logging.getLogger(__name__)
MAX_USERS = 100  # Kakao's limit per call
MAX_ATTEMPTS = 5
TIMEOUT = 10.0


class KakaoEvents:
    """Announces waiting staff replies to residents who added the channel."""

    def __init__(
        self,
        engine: Engine,
        *,
        api_url: str,
        bot_id: str,
        rest_api_key: str,
        event_name: str,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.engine = engine
        self.url = f"{api_url.rstrip('/')}/v2/bots/{bot_id}/talk"
        self.event_name = event_name
        self._headers = {"Authorization": f"KakaoAK {rest_api_key}"}
        self._client = httpx.AsyncClient(timeout=TIMEOUT, transport=transport)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def close(self) -> None:
        await self._client.aclose()

    async def run(self, *, poll: float = 5.0) -> None:
        while True:
            self._wake.clear()
            try:
                await self.announce_waiting()
            except Exception:
                log.exception("Event API round failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)

    async def announce_waiting(self) -> int:
        """One call per 100 residents with staff replies not yet announced; returns how
        many residents Kakao accepted."""
        users = await asyncio.to_thread(_waiting_users, self.engine)
        accepted = 0
        for start in range(0, len(users), MAX_USERS):
            batch = users[start : start + MAX_USERS]
            body = {
                "event": {"name": self.event_name, "data": {"kind": "staff_reply"}},
                "user": [{"type": "botUserKey", "id": key} for key in batch],
            }
            try:
                answer = await self._client.post(self.url, json=body, headers=self._headers)
                data: dict[str, Any] = answer.json() if answer.content else {}
            except (httpx.HTTPError, ValueError) as error:
                await asyncio.to_thread(_record, self.engine, batch, None, f"{error}"[:200])
                continue
            task = data.get("taskId")
            if answer.status_code == 200 and data.get("status") in ("SUCCESS", None) and task:
                await asyncio.to_thread(_record, self.engine, batch, str(task), None)
                accepted += len(batch)
            else:
                why = f"HTTP {answer.status_code}: {str(data.get('message') or data)[:150]}"
                await asyncio.to_thread(_record, self.engine, batch, None, why)
        return accepted


def _waiting(session: Session) -> list[OutboxMessage]:
    statement = (
        select(OutboxMessage)
        .join(Message, col(Message.id) == col(OutboxMessage.message_id))
        .join(
            Reporter,
            (col(Reporter.channel) == Channel.KAKAO)
            & (col(Reporter.channel_user_id) == col(OutboxMessage.channel_user_id)),
        )
        .where(
            col(OutboxMessage.channel) == Channel.KAKAO,
            col(OutboxMessage.status) == "pending",
            col(OutboxMessage.attempts) < MAX_ATTEMPTS,
            col(OutboxMessage.next_attempt_at) <= utcnow(),
            col(Message.author) == "staff",
            col(Reporter.channel_friend),
        )
        .order_by(col(OutboxMessage.id))
    )
    return [row for row in session.exec(statement) if "event_task" not in row.payload]


def _waiting_users(engine: Engine) -> list[str]:
    with Session(engine) as session:
        keys = [row.channel_user_id for row in _waiting(session) if row.channel_user_id]
    return list(dict.fromkeys(keys))


def _record(engine: Engine, users: list[str], task: str | None, error: str | None) -> None:
    """What Kakao said: the task it accepted, or why not (tried again later)."""
    from datetime import timedelta

    with Session(engine) as session:
        for row in _waiting(session):
            if row.channel_user_id not in users:
                continue
            row.attempts += 1
            if task is not None:
                row.payload = {**row.payload, "event_task": task}
                row.last_error = None
            else:
                row.last_error = (error or "")[:255]
                row.next_attempt_at = utcnow() + timedelta(seconds=30 * 2**row.attempts)
            session.add(row)
            message = session.get(Message, row.message_id) if row.message_id else None
            if message is not None:
                message.delivery = "announced" if task is not None else "waiting"
                message.delivery_error = None if task is not None else row.last_error
                session.add(message)
        session.commit()
