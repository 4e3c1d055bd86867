"""Telegram's pacing: one message a second per chat, about 30 a second overall."""

from __future__ import annotations

from collections import deque

PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second in a private chat
# Calls that put no new message in the chat: answering a pressed button (its spinner) and
# redrawing buttons. They are not held back by the per-chat interval, so the next question
# follows a press at once; they still count towards the overall rate.
NOT_MESSAGES = frozenset({"answerCallbackQuery", "editMessageReplyMarkup"})
GLOBAL_PER_SECOND = 30  # Telegram: about 30 messages per second overall
# Sends are timed just before their request; the request reaches Telegram a few
# milliseconds later, not always equally late. This much extra spacing keeps two requests
# apart at Telegram's end too (costs ~5% of the overall rate: ~28.6/s sustained).
MARGIN = 0.05


class RateLimiter:
    """At most one message a second per chat and GLOBAL_PER_SECOND overall. It paces the
    one process that holds the sender lock (storage.sender_lock), so the limits hold for
    the bot however many instances run."""

    def __init__(
        self,
        per_chat: float = PER_CHAT_INTERVAL,
        per_second: int = GLOBAL_PER_SECOND,
        margin: float = MARGIN,
    ):
        self.per_chat = per_chat
        self.per_second = per_second
        self.margin = margin
        self._last: dict[int, float] = {}
        self._recent: deque[float] = deque()
        self.paused_until = 0.0

    def wait_for(self, chat_id: int, now: float, *, message: bool = True) -> float:
        """Seconds until `chat_id` may be sent to (0 when it may be now); `message` False
        for calls that add no message to the chat (only the overall rate applies)."""
        window = 1.0 + self.margin
        while self._recent and now - self._recent[0] >= window:
            self._recent.popleft()
        waits = [self.paused_until - now]
        if message:
            waits.append(self._last.get(chat_id, -1e9) + self.per_chat + self.margin - now)
        if len(self._recent) >= self.per_second:
            waits.append(self._recent[-self.per_second] + window - now)
        return max(0.0, *waits)

    def taken(self, chat_id: int, now: float, *, message: bool = True) -> None:
        """Record a send at `now`, which must be read just before the request goes out."""
        if message:
            self._last[chat_id] = max(now, self._last.get(chat_id, now))
        self._recent.append(now)
        if len(self._last) > 10_000:  # forget chats idle for a while
            self._last = {c: t for c, t in self._last.items() if now - t < self.per_chat}

    def remember(self, sends: list[tuple[int, float, bool]]) -> None:
        """Take in sends made before this process became the sender: (chat, when on this
        process's monotonic clock, whether it was a message), oldest first."""
        for chat_id, at, message in sends:
            if message:
                self._last[chat_id] = max(at, self._last.get(chat_id, at))
            self._recent.append(at)
        self._recent = deque(sorted(self._recent))
