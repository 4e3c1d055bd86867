"""Does a message typed while we ask "where?" read as a place, or as more of the report?

People often send a second sentence before they read the question ("그리고 밤에 불도 안 켜져
있어요"). Taking that for an address loses words about the person and leaves the case with
no place. Simple rules anyone can check, in Korean, English and Chinese (an address may come
in any script, whatever the chat's language):

- a place: numbers, address words (동·로·길·번지·호, street/road/apt, 路·号·楼), or a short
  phrase with none of the signs below ("시장 앞 파란 대문 집");
- more of the report: it opens with a connective (그리고, also, 而且 …), or has words of
  seeing, feeling or being (보여요, worried, 好像 …), or is a long sentence with no address
  word;
- both kinds of sign: unsure, so the caller keeps it as the place and as report text, and asks.
"""

from __future__ import annotations

import re
from enum import Enum


class Reading(Enum):
    PLACE = "place"
    REPORT = "report"
    UNSURE = "unsure"


# A phrase this long with no address sign is a sentence about the person, not a place.
SHORT_PLACE_CHARS = 40

_DIGITS = re.compile(r"\d")
# Korean address units at the end of a word (a particle may follow): 읍내동, 서령로, 101호 …
_KO_UNITS = re.compile(
    r"\S+(?:시|군|구|동|읍|면|리|로|길|번길|번지|호|층|아파트|빌라|빌딩|맨션|오피스텔|마을)"
    r"(?:이에요|에요|예요|입니다|이요|요|에|이고)?(?=\s|$|[,.)])"  # "읍내동이에요"
)
_EN_UNITS = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|blvd|boulevard|way|apt|apartment|"
    r"flat|unit|floor|building|bldg|block|village|house\s+no|no\.)\b",
    re.IGNORECASE,
)
_ZH_UNITS = re.compile(r"[路街巷弄号楼栋室区县镇乡村]|小区|单元|公寓|大厦")

# Words that open a continuation of what was already said.
_CONNECTIVES = re.compile(
    r"^(?:그리고|또|또한|그런데|근데|게다가|그래서|그리구|"
    r"and|also|plus|but|oh|besides|"
    r"而且|还有|另外|并且|但是|也|然后)(?:\b|\s|,|，|$)",
    re.IGNORECASE,
)
# Seeing, feeling, being: what a report says, not what an address says.
_KO_REPORT = re.compile(
    r"걱정|보여|보이|보았|봤|같아|같습니다|있어요|없어요|있습니다|없습니다|않아|않습니다|"
    r"안\s|못\s|해요|했어요|하세요|세요|네요|더라|거든|아요|어요|에요|예요"
)
_EN_REPORT = re.compile(
    r"\b(?:i|he|she|they|his|her|is|are|was|were|isn't|hasn't|haven't|didn't|doesn't|"
    r"seems?|looks?|saw|seen|heard|worried|worry|think|never|anymore|no\s+one)\b",
    re.IGNORECASE,
)
_ZH_REPORT = re.compile(r"担心|看到|看见|听到|好像|似乎|觉得|没有|没|不|他|她|我|了|吗|呢")


def reading(text: str) -> Reading:
    """How `text`, typed as the answer to "where?", reads (see the module's rules)."""
    words = text.strip()
    place = bool(
        _DIGITS.search(words)
        or _KO_UNITS.search(words)
        or _EN_UNITS.search(words)
        or _ZH_UNITS.search(words)
    )
    report = bool(
        _CONNECTIVES.match(words)
        or _KO_REPORT.search(words)
        or _EN_REPORT.search(words)
        or _ZH_REPORT.search(words)
    )
    if place and report:
        return Reading.UNSURE
    if place:
        return Reading.PLACE
    if report or len(words) > SHORT_PLACE_CHARS:
        return Reading.REPORT
    return Reading.PLACE
