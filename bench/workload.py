"""The load: new reports in everyday Korean, each from a distinct user about a distinct household.

The parts are varied enough that two reports almost never look like one forwarded text to
sagak's duplicate check (Dice of character bigrams >= 0.85): see `similar_share` below.
"""

from __future__ import annotations

import json
import random

from tests.updates import Person

OPENINGS = [
    "안녕하세요.",
    "수고 많으십니다.",
    "조심스럽게 말씀드려요.",
    "",
    "이웃 일이라 알려드립니다.",
]
DISTRICTS = [
    "중앙동",
    "신흥동",
    "남산동",
    "대림동",
    "화곡동",
    "월평동",
    "상계동",
    "구포동",
    "연산동",
]
HOMES = ["빌라 {n}층", "{n}0{m}호", "골목 안쪽 {n}번째 집", "반지하 {m}호", "시장 뒤 {n}층 단칸방"]
PEOPLE = [
    "할머니께서",
    "할아버지께서",
    "어르신이",
    "아주머니가",
    "혼자 사는 아저씨가",
    "노부부가",
    "거동이 불편한 분이",
    "젊은 엄마가",
    "장애가 있는 아드님과 사는 분이",
]
SIGNS = [
    "며칠째 안 보이시고 문 앞에 우편물이 쌓여 있어요",
    "지난달부터 전기가 끊겨서 밤에 촛불을 켜고 지내세요",
    "보일러를 못 틀어서 집이 너무 춥다고 하세요",
    "요즘 식사를 제대로 못 하시는 것 같고 많이 야위셨어요",
    "월세가 몇 달째 밀려서 집주인이 나가라고 했대요",
    "다리를 다치셨는데 병원비가 없어서 병원에 못 가고 계세요",
    "집 밖까지 쓰레기가 쌓여서 냄새가 심하게 나요",
    "가스 요금이 밀려서 가스가 끊겼다고 들었어요",
    "일자리를 잃고 나서 집 밖으로 거의 안 나오세요",
    "아이들 끼니를 편의점 음식으로 겨우 해결한대요",
    "밤마다 기침을 심하게 하시는데 약을 못 사신대요",
    "수도가 얼어서 물을 못 쓰신 지 일주일이 넘었어요",
]
WHEN = [
    "{n}주 전부터",
    "이번 달 들어",
    "지난 {n}월부터",
    "요 며칠",
    "{n}일 전에 보니",
    "올겨울 내내",
]
EXTRAS = [
    "가족은 없는 것 같아요.",
    "관리사무소에서도 연락이 안 된다고 해요.",
    "한 번 확인해 주시면 좋겠어요.",
    "직접 말씀드리기 조심스러워서 여기에 남깁니다.",
    "동네 분들도 다들 걱정하고 있어요.",
    "혹시 도움 받을 수 있는 방법이 있을까요?",
    "통장님께도 말씀드렸는데 아직 소식이 없어요.",
    "제 이름은 밝히지 않았으면 합니다.",
    "저녁 {n}시쯤에는 집에 계신 것 같아요.",
    "예전에 주민센터 도움을 받으셨다고 들었어요.",
]


def report_text(rng: random.Random) -> str:
    """A new report, 80-150 characters of everyday Korean."""
    for _ in range(100):
        n, m = rng.randint(2, 9), rng.randint(1, 9)
        home = rng.choice(HOMES).format(n=n, m=m)
        when = rng.choice(WHEN).format(n=rng.randint(2, 11))
        first = f"{rng.choice(DISTRICTS)} {home} {rng.choice(PEOPLE)} {when} {rng.choice(SIGNS)}."
        parts = [p for p in (rng.choice(OPENINGS), first) if p]
        for extra in rng.sample(EXTRAS, len(EXTRAS)):
            if len(" ".join(parts)) >= 95:
                break
            parts.append(extra.format(n=rng.randint(6, 10)))
        text = " ".join(parts)
        if 80 <= len(text) <= 150:
            return text
    raise RuntimeError("report generator cannot reach 80-150 characters")


def make_bodies(count: int, first_user: int, seed: int, *, identical: bool = False) -> list[bytes]:
    """`count` updates, each a new report from a distinct user, serialised once;
    `identical`: every one the same text (a flood of copies of one report)."""
    rng = random.Random(seed)
    same = report_text(random.Random(0))
    return [
        json.dumps(
            Person(first_user + i, "ko", f"주민{i}").text(same if identical else report_text(rng)),
            ensure_ascii=False,
        ).encode()
        for i in range(count)
    ]


def similar_share(texts: list[str], window: int = 100) -> float:
    """How many texts look like a copy of one of the `window` before them, to sagak's eyes."""
    from triage.duplicates import SIMILAR_TEXT, text_similarity

    hits = sum(
        any(text_similarity(texts[i], old) >= SIMILAR_TEXT for old in texts[max(0, i - window) : i])
        for i in range(1, len(texts))
    )
    return hits / max(1, len(texts) - 1)
