"""Text normalisation shared by every language table.

Korean residents type without spaces and Chinese reports arrive in Traditional characters,
so matching runs on two views of one normalised text: ``text`` (spaces kept, for English)
and ``compact`` (all whitespace removed, for Korean and Chinese). Both stay aligned with
the original so a reason can quote the resident's own words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

import opencc

# Traditional Chinese is folded to Simplified by OpenCC (t2s): a hand-made table of the
# characters our patterns use missed 5 of 59 reports converted to Traditional, OpenCC none,
# at about 700,000 conversions a second (bench/triage_tools.py). It runs only on text
# that contains Han characters.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Curly quotes as straight ones, so English patterns see "isn't" however it was typed.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# OpenCC keeps 著 (it is also "famous" in Simplified); in reports it is the aspect marker
# of 活著, 躺著, 睡著, which Simplified writes 着.
_AFTER_OPENCC = str.maketrans({"著": "着"})


@cache
def _to_simplified() -> Callable[[str], str]:
    """OpenCC's converter, built on first use (loading its dictionaries takes a moment)."""
    converter = opencc.OpenCC("t2s")
    convert: Callable[[str], str] = converter.convert
    return convert


# Full-width ASCII (common from Chinese and Korean IMEs) folded by hand: NFKC would do it but
# also turns the "ㅋㅋ"/"ㅎㅎ" jamo residents laugh with into conjoining jamo.
_FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_FULL_WIDTH[0x3000] = " "  # ideographic space


@dataclass(frozen=True)
class NormalizedText:
    """A report prepared for matching, with a way back to the resident's own words."""

    original: str
    display: str  # lowercased and simplified, before idioms are masked
    text: str  # what English patterns see
    compact: str  # what Korean and Chinese patterns see: ``text`` without whitespace
    aligned: bool  # True when ``display`` has the same indices as ``original``

    @cached_property
    def offsets(self) -> list[int]:
        """Index in ``text`` of each ``compact`` character; built only when a match is quoted."""
        return [i for i, ch in enumerate(self.display) if not ch.isspace()]

    def span(self, start: int, end: int, *, compact: bool) -> tuple[int, int]:
        """Translate a match span to indices in ``text`` (the spaced view)."""
        if compact:
            return self.offsets[start], self.offsets[end - 1] + 1
        return start, end

    def quote(self, start: int, end: int) -> str:
        """Return the words at a ``text`` span, from the original when indices allow."""
        source = self.original if self.aligned else self.display
        return " ".join(source[start:end].split())

    def first_quote(self, english: re.Pattern[str], cjk: re.Pattern[str]) -> str | None:
        """The resident's words for the first match of ``english`` (on ``text``) or else
        ``cjk`` (on ``compact``); None when neither matches."""
        match = english.search(self.text)
        if match is not None:
            return self.quote(*match.span())
        match = cjk.search(self.compact)
        if match is not None:
            return self.quote(*self.span(*match.span(), compact=True))
        return None


def fold(text: str) -> str:
    """Compose (NFC), lowercase, fold full-width ASCII, curly quotes and Traditional
    characters."""
    folded = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH).lower().translate(_QUOTES)
    if _HAN.search(folded):
        folded = _to_simplified()(folded).translate(_AFTER_OPENCC)
    return folded


def normalize(original: str) -> NormalizedText:
    """Prepare ``original`` for matching; idiom masking happens later, per language."""
    display = fold(original)
    return NormalizedText(
        original=original,
        display=display,
        text=display,
        compact="".join(display.split()),
        aligned=len(display) == len(original),
    )
