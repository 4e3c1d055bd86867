"""No message can make triage work much harder than an ordinary one of the same length.

Work is counted, not timed (``regex_work``): every pattern triage uses is wrapped, and the
steps its engine takes are replayed and added up. The ordinary message is everyday text
in the same scripts (the mundane probes: every pattern reads it to the end, as it must
read any text without a sign of crisis); the adversarial ones are what made one message
cost seconds: a letter, a word or digits repeated, emoji, scripts mixed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator

import pytest

import triage
from tests.triage.eval_set import MUNDANE_PROBE, MUNDANE_PROBE_2
from tests.triage.regex_work import CountingPattern, OverBudget, Replay, Work
from triage import Priority, assess, matching
from triage.windows import MAX_CHARS

# The target: an adversarial 4,096-character message within 2x of an ordinary one.
WITHIN = 2.0


def fill(unit: str, length: int = MAX_CHARS) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def everyday(*languages: str) -> str:
    texts = [text for lang, _, text in MUNDANE_PROBE + MUNDANE_PROBE_2 if lang in languages]
    return fill("\n".join(texts))


ORDINARY = {
    "en": everyday("en"),
    "ko": everyday("ko"),
    "zh": everyday("zh"),
    "mixed": everyday("en", "ko", "zh"),
}

# (what it is, the text, the ordinary message in the same scripts)
ADVERSARIAL = [
    ("one letter repeated", fill("a"), "en"),
    ("one English word repeated", fill("hello"), "en"),
    ("one English word and a space repeated", fill("help "), "en"),
    ("digits", fill("1234567890"), "en"),
    ("emoji", fill("\U0001f600"), "en"),
    ("digits in Korean", "며칠" + fill("1234567890", MAX_CHARS - 2), "ko"),
    ("digits in Chinese", "三天" + fill("1234567890", MAX_CHARS - 2), "zh"),
    ("one Korean syllable repeated", fill("가"), "ko"),
    ("one Chinese character repeated", fill("死"), "zh"),
    ("scripts mixed", fill("a가死1 \U0001f600"), "mixed"),
]


@contextlib.contextmanager
def counted(work: Work) -> Iterator[Work]:
    """Count the work of every pattern triage uses while the block runs."""

    def wrap(pattern: re.Pattern[str] | None) -> CountingPattern | None:
        return None if pattern is None else CountingPattern(pattern, work)

    with pytest.MonkeyPatch.context() as patch:
        tables = tuple(
            dataclasses.replace(
                table,
                script=wrap(table.script),
                idioms=wrap(table.idioms),
                negated_before=wrap(table.negated_before),
                negated_after=wrap(table.negated_after),
                signals=tuple(
                    dataclasses.replace(signal, pattern=wrap(signal.pattern))
                    for signal in table.signals
                ),
            )
            for table in matching.TABLES
        )
        patch.setattr(matching, "TABLES", tables)
        for info in pkgutil.iter_modules(triage.__path__):
            module = importlib.import_module(f"triage.{info.name}")
            for name, value in list(vars(module).items()):
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, wrap(value))
        yield work


def steps(text: str, budget: int | None = None) -> int:
    work = Work(count_steps=True)
    if budget is not None:
        work.budget = budget
    with counted(work):
        assess(text)
    return work.steps


@pytest.fixture(scope="module")
def ordinary_steps() -> dict[str, int]:
    return {scripts: steps(text) for scripts, text in ORDINARY.items()}


@pytest.mark.parametrize(
    ("text", "scripts"),
    [pytest.param(text, scripts, id=name) for name, text, scripts in ADVERSARIAL],
)
def test_an_adversarial_message_costs_at_most_twice_an_ordinary_one(
    text: str, scripts: str, ordinary_steps: dict[str, int]
) -> None:
    assert len(text) == MAX_CHARS
    allowed = int(WITHIN * ordinary_steps[scripts])
    try:
        spent = steps(text, budget=allowed)
    except OverBudget:
        pytest.fail(f"more than {WITHIN}x the steps of an ordinary {scripts} message")
    assert spent <= allowed


def test_a_million_character_text_is_handed_to_the_matcher_a_window_at_a_time() -> None:
    # Emoji keep the language tables out of the filler, so the test stays quick; the
    # windows and the last paragraph's Korean are read all the same.
    text = fill("\U0001f600 ", 1_000_000) + "\n옆집 할아버지가 죽고 싶다고 하셨어요"
    with counted(Work(count_steps=False)) as one:
        assess(text[:MAX_CHARS])
    with counted(Work(count_steps=False)) as whole:
        result = assess(text)
    assert result.priority is Priority.CRITICAL  # the last paragraph was read
    assert whole.largest <= MAX_CHARS  # no call reads more than one message
    # Linear: per character, about what one message costs (windows overlap by a quarter).
    assert whole.chars / len(text) <= 1.5 * one.chars / MAX_CHARS


def test_the_replay_finds_a_match_exactly_where_re_does() -> None:
    # The step counts mean something only if the replay walks the patterns as re does.
    texts = [text.lower() for _, _, text in MUNDANE_PROBE[:3] + MUNDANE_PROBE_2[:3]] + [
        "my neighbour said he'll jump, not suicidal though",
        "할아버지가 3일째 안 보이세요 자살 같은 건 아니고",
        "邻居三天没见了，不是想自杀",
    ]
    patterns = [signal.pattern for table in matching.TABLES for signal in table.signals]
    patterns += [table.negated_before for table in matching.TABLES if table.negated_before]
    patterns += [table.negated_after for table in matching.TABLES if table.negated_after]
    patterns += [table.idioms for table in matching.TABLES if table.idioms]
    for pattern in patterns:
        replay = Replay(pattern)
        for text in texts:
            for position in range(len(text) + 1):
                expected = pattern.match(text, position) is not None
                assert replay.attempt(text, position, len(text)) == expected, pattern.pattern
