"""The dispatcher's pacing: one message a second per chat, 30 a second overall."""

from __future__ import annotations

from bot.channels.telegram.dispatcher import RateLimiter, backoff


def test_second_message_to_a_chat_waits_a_second() -> None:
    limiter = RateLimiter(margin=0)
    assert limiter.wait_for(1, now=100.0) == 0
    limiter.taken(1, now=100.0)
    assert abs(limiter.wait_for(1, now=100.4) - 0.6) < 1e-9
    assert limiter.wait_for(2, now=100.4) == 0


def test_thirty_first_message_in_a_second_waits() -> None:
    limiter = RateLimiter(margin=0)
    for chat in range(30):
        assert limiter.wait_for(chat, now=10.0 + chat * 0.01) == 0
        limiter.taken(chat, now=10.0 + chat * 0.01)
    assert limiter.wait_for(99, now=10.5) > 0.4
    assert limiter.wait_for(99, now=11.01) == 0


def test_pause_after_429_holds_every_chat() -> None:
    limiter = RateLimiter(margin=0)
    limiter.paused_until = 50.0
    assert limiter.wait_for(7, now=49.0) == 1.0


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(1).total_seconds() < backoff(4).total_seconds()
    assert backoff(50).total_seconds() <= 600 * 1.2


def test_answering_a_button_press_does_not_wait_for_the_chat_interval() -> None:
    limiter = RateLimiter(margin=0)
    limiter.taken(1, now=100.0)
    assert limiter.wait_for(1, now=100.1, message=False) == 0
    limiter.taken(1, now=100.1, message=False)
    # The next real message still keeps one second after the last message, not the toast.
    assert abs(limiter.wait_for(1, now=100.5) - 0.5) < 1e-9
