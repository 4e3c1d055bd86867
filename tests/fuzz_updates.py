"""Mutated Telegram updates for fuzzing the webhook: seeded, so a failure can be replayed.

`bodies(rng, count)` yields raw request bodies: updates as Telegram sends them, the same
with a few fields changed to something hostile (wrong types, ids beyond 64 bits, NUL and
lone surrogates, deep nesting, dates past year 9999...) and bodies that are not UTF-8 JSON
objects at all.
"""

from __future__ import annotations

import copy
import itertools
import json
import random
from collections.abc import Callable, Iterator
from typing import Any

from tests.e2e.conversation_kit import dice, edited, message, own_contact, poll, press, voice
from tests.updates import Person, in_group

FUZZ_CHATS = range(880_000, 880_040)  # a few dozen chats send all the junk
_update_ids = itertools.count(900_000_000)

HOSTILE_VALUES: tuple[Any, ...] = (
    2**64,
    -(2**70),
    2**63 - 1,
    -1,
    0,
    1e308,
    -0.0,
    True,
    None,
    "",
    "boom",
    "\x00",
    "\ud800",
    "a\udfffb\x00c",
    "\u202e\u200d\ufeff",
    "😀" * 50,
    "가" * 600,  # assessed outside the transaction (see triage/prepared.py)
    "가" * 5000,  # longer than Telegram's messages
    "/start " + "x" * 300,
    "/new",
    "q:1:age:child",
    "q:99999999999999999999:x:y",
    [],
    {},
    [[[[[[[[[[[]]]]]]]]]]],
    {"id": 1},
    {"id": "1", "type": 5},
)
FIELDS = (
    "update_id",
    "message",
    "chat",
    "id",
    "type",
    "from",
    "text",
    "date",
    "edit_date",
    "message_id",
    "language_code",
    "location",
    "latitude",
    "longitude",
    "photo",
    "file_id",
    "file_size",
    "data",
    "caption",
    "contact",
    "phone_number",
    "user_id",
    "entities",
    "reply_to_message",
    "status",
)


def _seeds(person: Person) -> list[dict[str, Any]]:
    """Updates of every kind sagak reads, as Telegram sends them."""
    return [
        person.text("옆집 할머니가 며칠째 안 보이세요"),
        person.text("/start"),
        person.text("/new"),
        person.photo(caption="창문이 깨져 있어요"),
        person.location(36.78, 126.45),
        person.sticker(),
        person.blocks_bot(),
        own_contact(person),
        voice(person),
        dice(person),
        poll(person),
        edited(person, 3, "고친 글"),
        press(person, "q:1:age:child"),
        in_group(person.text("/start")),
        message(person, text="hello", entities=[{"type": "bold", "offset": 0, "length": 5}]),
    ]


def _containers(value: Any) -> Iterator[Any]:
    """Every dict and list inside a parsed update."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            yield item
            stack.extend(item)


def _mutate(rng: random.Random, update: dict[str, Any]) -> None:
    """Change, drop or add one field somewhere in the update."""
    target = rng.choice(list(_containers(update)))
    if isinstance(target, list):
        if target and rng.random() < 0.5:
            target[rng.randrange(len(target))] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
        else:
            target.append(copy.deepcopy(rng.choice(HOSTILE_VALUES)))
        return
    action = rng.random()
    if target and action < 0.55:
        key = rng.choice(list(target))
        target[key] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    elif target and action < 0.75:
        del target[rng.choice(list(target))]
    else:
        target[rng.choice(FIELDS)] = copy.deepcopy(rng.choice(HOSTILE_VALUES))


def _encode(rng: random.Random, update: dict[str, Any]) -> bytes:
    """Mostly UTF-8 JSON; sometimes another encoding, truncated, or not an object."""
    text = json.dumps(update, ensure_ascii=rng.random() < 0.5)
    roll = rng.random()
    if roll < 0.85:
        return text.encode("utf-8", "surrogatepass")
    odd: list[Callable[[], bytes]] = [
        lambda: text.encode("utf-16", "surrogatepass"),
        lambda: text.encode("utf-16-le", "surrogatepass"),
        lambda: text.encode("utf-32", "surrogatepass"),
        lambda: b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"),
        lambda: text.encode("utf-8", "surrogatepass")[: rng.randrange(1, max(2, len(text)))],
        lambda: text.encode("utf-8", "surrogatepass").replace(b'"', b"\xff", 1),
        lambda: b"[" * 5000 + b"]" * 5000,
        lambda: b'{"update_id": 1, "message": ' + b"{" * 3000 + b"}" * 3001,
        lambda: rng.choice([b"", b"null", b"[]", b"1", b'"x"', b"{}", b"NaN"]),
    ]
    return rng.choice(odd)()


def bodies(rng: random.Random, count: int) -> Iterator[bytes]:
    """`count` request bodies: about a tenth valid, the rest mutated or malformed."""
    for _ in range(count):
        person = Person(rng.choice(FUZZ_CHATS), rng.choice(["ko", "en", "zh", None]))
        update = rng.choice(_seeds(person))
        update["update_id"] = next(_update_ids)
        if rng.random() < 0.9:
            for _ in range(rng.choice((1, 1, 2, 3))):
                _mutate(rng, update)
        yield _encode(rng, update)
