"""The SAGAK_* variables are read once into typed values; a wrong one names itself."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from triage import DEFAULT_SLA, Priority
from webhook.settings import SIMULATED_STAFF_CHAT_ID, Settings, SettingsError


def _problems(**variables: object) -> list[str]:
    with pytest.raises(SettingsError) as raised:
        Settings.load(env_file=None, **variables)
    return raised.value.problems


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"timezone": "Asia/Sesul"}, "SAGAK_TIMEZONE: unknown time zone 'Asia/Sesul'"),
        ({"sla": "critical=soon"}, "SAGAK_SLA: bad duration 'soon'"),
        ({"sla": "urgent=1h"}, "SAGAK_SLA: "),
        ({"hotlines": "112,5555"}, "SAGAK_HOTLINES: '5555' needs a label"),
        ({"hotlines": "112,call us"}, "SAGAK_HOTLINES: 'call us' is not a phone number"),
        ({"flood_per_minute": "0"}, "SAGAK_FLOOD_PER_MINUTE: "),
        ({"daily_new_cases": "many"}, "SAGAK_DAILY_NEW_CASES: "),
        ({"staff_chat_id": "@staffgroup"}, "SAGAK_STAFF_CHAT_ID: "),
        ({"session_idle_minutes": "0"}, "SAGAK_SESSION_IDLE_MINUTES: "),
        ({"retention_days": "7"}, "SAGAK_RETENTION_DAYS: "),
        ({"audit_retention_days": "100"}, "SAGAK_AUDIT_RETENTION_DAYS: "),
        ({"simulator": "perhaps"}, "SAGAK_SIMULATOR: "),
        ({"demo_admin_password": "short"}, "SAGAK_DEMO_ADMIN_PASSWORD must be at least 10"),
        ({"telegram_token": "123:abc"}, "SAGAK_WEBHOOK_SECRET is required"),
        (
            {"telegram_token": "123:abc", "webhook_secret": "no spaces please"},
            "SAGAK_WEBHOOK_SECRET must be 1-256 characters",
        ),
    ],
)
def test_a_wrong_value_is_refused_naming_its_variable(
    variables: dict[str, object], expected: str
) -> None:
    [problem] = _problems(**variables)
    assert problem.startswith(expected)


def test_every_wrong_variable_is_reported_at_once() -> None:
    problems = _problems(timezone="Mars/Olympus", sla="low=0d", hotlines="999")
    assert [problem.split(":")[0] for problem in problems] == [
        "SAGAK_HOTLINES",
        "SAGAK_TIMEZONE",
        "SAGAK_SLA",
    ]


def test_a_wrong_number_shows_the_value_given_but_never_a_secret() -> None:
    [problem] = _problems(flood_per_minute="lots")
    assert "'lots'" in problem
    problems = _problems(telegram_token="123:abc", webhook_secret="has a space", simulator=True)
    assert not any("123:abc" in p or "has a space" in p for p in problems)


def test_the_variables_are_read_from_the_environment_and_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SAGAK_SLA=critical=30m\nSAGAK_TIMEZONE=Europe/Berlin\n", encoding="utf-8")
    monkeypatch.setenv("SAGAK_TIMEZONE", "Asia/Shanghai")  # the environment wins over .env
    monkeypatch.setenv("SAGAK_HOTLINES", "112,1234-5678=City line")
    settings = Settings.load(env_file=env_file)
    assert settings.queue.timezone.key == "Asia/Shanghai"
    assert settings.queue.sla[Priority.CRITICAL] == timedelta(minutes=30)
    assert settings.queue.sla[Priority.LOW] == DEFAULT_SLA[Priority.LOW]
    assert [(h.number, h.label) for h in settings.conversation.hotlines] == [
        ("112", None),
        ("1234-5678", "City line"),
    ]


def test_the_simulator_sends_alerts_to_its_staff_group_unless_one_is_given() -> None:
    assert Settings.load(env_file=None).telegram.staff_chat_id is None
    simulated = Settings.load(env_file=None, simulator=True)
    assert simulated.telegram.staff_chat_id == SIMULATED_STAFF_CHAT_ID
    chosen = Settings.load(env_file=None, simulator=True, staff_chat_id=-100555)
    assert chosen.telegram.staff_chat_id == -100555


def test_an_empty_token_line_means_the_telegram_channel_is_off() -> None:
    settings = Settings.load(env_file=None, telegram_token="")
    assert not settings.telegram.enabled


def test_replace_parses_the_changed_variable_again() -> None:
    settings = Settings.load(env_file=None, telegram_token="123:abc", webhook_secret="s3cret")
    changed = settings.replace(sla="high=2h")
    assert changed.queue.sla[Priority.HIGH] == timedelta(hours=2)
    assert changed.telegram.token is not None
    assert changed.telegram.token.get_secret_value() == "123:abc"
    with pytest.raises(SettingsError, match="SAGAK_SLA"):
        settings.replace(sla="high=2x")
