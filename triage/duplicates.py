"""Is a new report about a household that already has an open case?

Pure matching; storage finds the candidates and records the link. A link is only a
suggestion ("suspected") until staff confirm it, so the rules lean towards linking reports
that share a precise place and away from linking on vague words: "옆집" from two reporters
is two different houses.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from triage.normalize import fold

NEARBY_METRES = 50.0
# Two reports whose places are this far apart are about different households, however
# alike their words.
DIFFERENT_PLACE_METRES = 300.0
SIMILAR_TEXT = 0.85  # Dice coefficient of character bigrams: a forwarded or retyped text
SIMILAR_TEXT_MIN_CHARS = 20
SIMILAR_TEXT_WINDOW = timedelta(days=3)
PLACE_WINDOW = timedelta(days=30)

_PROVINCES = (
    "서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천"
    "|광주광역시|광주시|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종"
    "|경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도|전라북도"
    "|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주"
)
_PROVINCE = re.compile(rf"^(?:{_PROVINCES})")
# A city or county name is dropped only when a district or road follows, so "읍내동시장" (a
# market in 읍내동) keeps its 시.
_CITY = re.compile(r"^[가-힣]{1,3}(?:시|군)(?=[가-힣]{1,6}(?:시|군|구|읍|면|동|리|로|길))")
_GU = re.compile(r"^[가-힣]{1,3}구(?=[가-힣]{1,6}(?:읍|면|동|리|로|길))")
_NOISE = re.compile(r"[^\w\-]|_")
_LOT_SUFFIX = re.compile(r"(?<=\d)(?:번지|번)")


def address_key(address: str | None) -> str | None:
    """A comparable form of a typed address, or None when it is too vague to match on.

    "충남 서산시 대산읍 대산리 123-4번지" and "대산읍대산리 123-4" give the same key.
    Without a number (a lot, building or unit) an address names an area, not a household.
    """
    if not address:
        return None
    text = _NOISE.sub("", "".join(fold(address).split()))
    text = _LOT_SUFFIX.sub("", text)
    text = _PROVINCE.sub("", text)
    text = _CITY.sub("", text)
    text = _GU.sub("", text)
    if not any(ch.isdigit() for ch in text) or len(text) < 4:
        return None
    return text[:200]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine; plenty for 50 m decisions)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


# Only a text's start is compared: a Telegram message holds at most 4,096 characters, and a
# longer summary must not make each comparison cost more.
COMPARED_CHARS = 4096


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    # Cached: each new report is compared with up to 100 recent ones, and those same recent
    # reports come up again for the next new report.
    compact = _NOISE.sub("", "".join(fold(text[:COMPARED_CHARS]).split()))
    return frozenset(compact[i : i + 2] for i in range(len(compact) - 1))


def text_similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: works for Korean, Chinese and English alike."""
    left, right = _bigrams(a), _bigrams(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


@dataclass(frozen=True)
class ReportPlace:
    """What matching needs to know about one case."""

    text: str
    created_at: datetime
    address_key: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def duplicate_basis(new: ReportPlace, old: ReportPlace) -> str | None:
    """Why ``new`` is about the same household as ``old`` ("same_address", "nearby",
    "similar_text"), or None. Conflicting places always win over similar words."""
    if new.address_key and old.address_key and new.address_key != old.address_key:
        return None
    apart = None
    if new.located and old.located:
        assert new.latitude is not None and new.longitude is not None
        assert old.latitude is not None and old.longitude is not None
        apart = distance_m(new.latitude, new.longitude, old.latitude, old.longitude)
        if apart > DIFFERENT_PLACE_METRES:
            return None
    gap = abs(new.created_at - old.created_at)
    if new.address_key and new.address_key == old.address_key and gap <= PLACE_WINDOW:
        return "same_address"
    if apart is not None and apart <= NEARBY_METRES and gap <= PLACE_WINDOW:
        return "nearby"
    if (
        gap <= SIMILAR_TEXT_WINDOW
        and min(len(new.text), len(old.text)) >= SIMILAR_TEXT_MIN_CHARS
        and text_similarity(new.text, old.text) >= SIMILAR_TEXT
    ):
        return "similar_text"
    return None
