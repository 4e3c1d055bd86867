"""Count the work Python's regex engine does for triage, without a clock.

``CountingPattern`` wraps a compiled pattern: every call still goes to the real pattern
(the results are the real ones), and the wrapper adds up

- ``chars``: the characters handed to the engine (``endpos - pos`` of each call),
- ``largest``: the most handed to it in one call,
- ``steps`` (when counting steps): what a backtracking engine like ``re``'s does to get
  that result, replayed on the pattern's parse tree: one step per character tested, per
  assertion checked and per alternative skipped, at every start position the engine
  tries. A pattern that re-reads a long run from each of its positions shows here as
  steps growing with the run's length squared, as it did in the clock.

The replay follows ``re``'s order (greedy repeats longest first, alternatives in order,
lookbehind seeing before ``pos``, nothing after ``endpos``) but not its shortcuts, so its
numbers compare texts with each other; they are not the engine's own instruction count.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

Continuation = Callable[[int], bool]
CharTest = Callable[[str], bool]


class OverBudget(Exception):
    """More steps than the caller allowed: the replay stops instead of running for hours."""


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_CATEGORIES: dict[Any, CharTest] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    sre.CATEGORY_WORD: _word,
    sre.CATEGORY_NOT_WORD: lambda ch: not _word(ch),
}


def _char_test(op: Any, av: Any) -> CharTest | None:
    """A test for one character, or None when the node is not a single character."""
    if op is sre.LITERAL:
        return chr(av).__eq__
    if op is sre.NOT_LITERAL:
        return chr(av).__ne__
    if op is sre.ANY:
        return lambda ch: ch != "\n"
    if op is sre.IN:
        negate = bool(av) and av[0][0] is sre.NEGATE
        tests: list[CharTest] = []
        for item_op, item in av[1:] if negate else av:
            if item_op is sre.LITERAL:
                tests.append(chr(item).__eq__)
            elif item_op is sre.RANGE:
                tests.append(lambda ch, lo=item[0], hi=item[1]: lo <= ord(ch) <= hi)
            elif item_op is sre.CATEGORY:
                tests.append(_CATEGORIES[item])
            else:
                raise NotImplementedError(item_op)
        if negate:
            return lambda ch: not any(test(ch) for test in tests)
        return lambda ch: any(test(ch) for test in tests)
    return None


@dataclass
class _Branch:
    """Alternatives indexed by the characters they can start with, as ``re`` skips them."""

    alternatives: list[list[Any]]
    by_char: dict[str, list[int]] = field(default_factory=dict)
    others: list[int] = field(default_factory=list)  # start unknown: always tried

    chosen: dict[str, list[int]] = field(default_factory=dict)

    def candidates(self, ch: str | None) -> list[int]:
        if ch is None:
            return self.others
        if ch not in self.chosen:
            self.chosen[ch] = sorted(self.by_char.get(ch, []) + self.others)
        return self.chosen[ch]


def _first_chars(nodes: list[Any]) -> set[str] | None:
    """The characters a sequence can start with, when they are a small known set."""
    if not nodes:
        return None
    op, av = nodes[0]
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN and av and all(o is sre.LITERAL for o, _ in av):
        return {chr(c) for _, c in av}
    if op is sre.SUBPATTERN:
        return _first_chars(list(av[3]))
    if op is sre.BRANCH:
        sets = [_first_chars(list(alt)) for alt in av[1]]
        if any(s is None for s in sets):
            return None
        return set().union(*sets)  # type: ignore[arg-type]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2]))
    return None


def _compile(nodes: Any) -> list[Any]:
    """The parse tree as tuples the replay walks, with character tests built once."""
    out: list[Any] = []
    for op, av in nodes:
        test = _char_test(op, av)
        if test is not None:
            out.append(("char", test))
        elif op is sre.AT:
            out.append(("at", av))
        elif op is sre.SUBPATTERN:
            out.append(("group", _compile(av[3])))
        elif op is sre.BRANCH:
            branch = _Branch([_compile(alt) for alt in av[1]])
            for index, alt in enumerate(av[1]):
                first = _first_chars(list(alt))
                if first is None:
                    branch.others.append(index)
                else:
                    for ch in first:
                        branch.by_char.setdefault(ch, []).append(index)
            out.append(("branch", branch))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, sub = av
            body = _compile(sub)
            single = body[0][1] if len(body) == 1 and body[0][0] == "char" else None
            out.append(("repeat", op, low, high, body, single))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, sub = av
            width = sub.getwidth()[0] if direction < 0 else 0
            out.append(("assert", op is sre.ASSERT, direction, _compile(sub), width))
        elif op is sre.ATOMIC_GROUP:
            out.append(("atomic", _compile(av)))
        else:
            raise NotImplementedError(op)
    return out


class Replay:
    """Replays ``re``'s search for one pattern, counting steps."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
            raise NotImplementedError("flags")
        self.program = _compile(sre_parse.parse(pattern.pattern, pattern.flags))
        self.steps = 0
        self.budget = sys.maxsize
        self.text = ""
        self.end = 0

    def attempt(self, text: str, position: int, end: int) -> bool:
        """Try a match at ``position`` of ``text`` cut at ``end``, as ``re`` would; count it."""
        self.text, self.end = text, end
        self.steps += 1
        found = self._seq(self.program, 0, position, lambda _: True)
        if self.steps > self.budget:
            raise OverBudget(f"more than {self.budget:,} steps")
        return found

    def attempts(self, text: str, start: int, stop: int, end: int) -> None:
        """Count the attempts at ``start..stop`` (inclusive) of a search ending at ``end``."""
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20_000))
        try:
            first = self.program[0] if self.program else None
            # Where no alternative can start, an attempt costs one step per alternative:
            # count it without walking the tree.
            skip = first[1] if first and first[0] == "branch" and not first[1].others else None
            for position in range(start, stop + 1):
                if skip is not None and position < end and text[position] not in skip.by_char:
                    self.steps += 1 + len(skip.alternatives)
                    continue
                self.attempt(text, position, end)
        finally:
            sys.setrecursionlimit(limit)

    def _at(self, code: Any, pos: int) -> bool:
        text, end = self.text, self.end
        if code in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            return pos == 0
        if code is sre.AT_END:
            return pos == end or (pos == end - 1 and text[pos] == "\n")
        if code is sre.AT_END_STRING:
            return pos == end
        if code in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            before = pos > 0 and _word(text[pos - 1])
            after = pos < end and _word(text[pos])
            return (before != after) == (code is sre.AT_BOUNDARY)
        raise NotImplementedError(code)

    def _seq(self, nodes: list[Any], i: int, pos: int, k: Continuation) -> bool:
        text, end, count = self.text, self.end, len(nodes)
        # Characters, anchors and lookarounds need no backtracking: walk them in a loop.
        while i < count:
            node = nodes[i]
            kind = node[0]
            if kind == "char":
                self.steps += 1
                if pos >= end or not node[1](text[pos]):
                    return False
                pos += 1
            elif kind == "at":
                self.steps += 1
                if not self._at(node[1], pos):
                    return False
            elif kind == "assert":
                _, positive, direction, sub, width = node
                if direction > 0:
                    found = self._seq(sub, 0, pos, lambda _: True)
                else:
                    begin = pos - width
                    found = begin >= 0 and self._seq(sub, 0, begin, lambda p, at=pos: p == at)
                if found != positive:
                    return False
            else:
                break
            i += 1
        if i == count:
            return k(pos)

        def rest(p: int) -> bool:
            return self._seq(nodes, i + 1, p, k)

        if kind == "group":
            return self._seq(node[1], 0, pos, rest)
        if kind == "branch":
            branch: _Branch = node[1]
            chosen = branch.candidates(text[pos] if pos < end else None)
            self.steps += len(branch.alternatives) - len(chosen)  # skipped on sight
            return any(self._seq(branch.alternatives[j], 0, pos, rest) for j in chosen)
        if kind == "atomic":
            ends: list[int] = []
            self._seq(node[1], 0, pos, lambda p: ends.append(p) is None)
            return bool(ends) and rest(ends[0])
        return self._repeat(node, pos, rest)

    def _repeat(self, node: Any, pos: int, k: Continuation) -> bool:
        _, op, low, high, body, single = node
        if single is not None:  # one character wide: count, then back off (re's REPEAT_ONE)
            count = 0
            while count < high and pos + count < self.end:
                self.steps += 1
                if not single(self.text[pos + count]):
                    break
                count += 1
            if count < low:
                return False
            if op is sre.MIN_REPEAT:
                return any(k(pos + n) for n in range(low, count + 1))
            if op is sre.POSSESSIVE_REPEAT:
                return k(pos + count)
            return any(k(pos + n) for n in range(count, low - 1, -1))

        def more(p: int, n: int) -> bool:
            if op is sre.MIN_REPEAT:
                if n >= low and k(p):
                    return True
                return n < high and self._seq(body, 0, p, lambda q: q != p and more(q, n + 1))
            if n < high and self._seq(body, 0, p, lambda q: q != p and more(q, n + 1)):
                return True
            return n >= low and k(p)

        return more(pos, 0)


@dataclass
class Work:
    """What the wrapped patterns were handed and, when counted, the steps they took."""

    count_steps: bool
    chars: int = 0
    largest: int = 0
    steps: int = 0
    budget: int = sys.maxsize


class CountingPattern:
    """A compiled pattern that reports its work to a ``Work`` tally (see module docstring)."""

    def __init__(self, real: re.Pattern[str], work: Work) -> None:
        self.real = real
        self.work = work
        self.replay = Replay(real) if work.count_steps else None
        self.pattern, self.flags, self.groupindex = real.pattern, real.flags, real.groupindex

    def _hand(self, handed: int) -> None:
        self.work.chars += handed
        self.work.largest = max(self.work.largest, handed)

    def _replay(self, text: str, start: int, stop: int, end: int) -> None:
        if self.replay is None:
            return
        self.replay.steps, self.replay.budget = self.work.steps, self.work.budget
        try:
            self.replay.attempts(text, start, stop, end)
        finally:
            self.work.steps = self.replay.steps

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        end = min(endpos, len(text))
        self._hand(max(0, end - pos))
        found = self.real.search(text, pos, endpos)
        self._replay(text, pos, found.start() if found else end, end)
        return found

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        end = min(endpos, len(text))
        self._hand(max(0, end - pos))
        self._replay(text, pos, pos, end)
        return self.real.match(text, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self._hand(len(text))
        position = 0
        for found in self.real.finditer(text):
            self._replay(text, position, found.start(), len(text))
            position = found.end() + (found.end() == found.start())
            yield found
        self._replay(text, position, len(text), len(text))

    def findall(self, text: str) -> list[Any]:
        for _ in self.finditer(text):
            pass
        return self.real.findall(text)

    def sub(self, repl: Any, text: str) -> str:
        for _ in self.finditer(text):
            pass
        return self.real.sub(repl, text)

    def split(self, text: str) -> list[Any]:
        for _ in self.finditer(text):
            pass
        return self.real.split(text)
