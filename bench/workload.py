"""The load: new reports in everyday Korean, each from a distinct Telegram user."""

from __future__ import annotations

import json
import random

from tests.updates import Person

PLACES = [
    "옆집",
    "아랫집",
    "윗집",
    "앞 동 302호",
    "골목 끝 반지하",
    "건너편 빌라 2층",
    "시장 옆 단칸방",
]
PEOPLE = ["할머니께서", "할아버지께서", "어르신이", "아주머니가", "혼자 사는 아저씨가", "노부부가"]
SIGNS = [
    "며칠째 안 보이시고 문 앞에 우편물이 쌓여 있어요",
    "지난달부터 전기가 끊겨서 밤에 촛불을 켜고 지내세요",
    "보일러를 못 틀어서 집이 너무 춥다고 하세요",
    "요즘 식사를 제대로 못 하시는 것 같고 많이 야위셨어요",
    "월세가 몇 달째 밀려서 집주인이 나가라고 했대요",
    "다리를 다치셨는데 병원비가 없어서 병원에 못 가고 계세요",
    "집 밖까지 쓰레기가 쌓여서 냄새가 심하게 나요",
    "가스 요금이 밀려서 가스가 끊겼다고 들었어요",
]
EXTRAS = [
    "가족은 없는 것 같아요.",
    "관리사무소에서도 연락이 안 된다고 해요.",
    "한 번 확인해 주시면 좋겠어요.",
    "직접 말씀드리기 조심스러워서 여기에 남깁니다.",
    "동네 분들도 다들 걱정하고 있어요.",
    "혹시 도움 받을 수 있는 방법이 있을까요?",
    "아이들도 밤늦게까지 밥을 못 먹고 밖에 있어요.",
]


def report_text(rng: random.Random) -> str:
    """A new report, 80-150 characters of everyday Korean."""
    for _ in range(100):
        parts = ["안녕하세요.", f"{rng.choice(PLACES)} {rng.choice(PEOPLE)} {rng.choice(SIGNS)}."]
        for extra in rng.sample(EXTRAS, len(EXTRAS)):
            if len(" ".join(parts)) >= 80:
                break
            parts.append(extra)
        text = " ".join(parts)
        if 80 <= len(text) <= 150:
            return text
    raise RuntimeError("report generator cannot reach 80-150 characters")


def make_bodies(count: int, first_user: int, seed: int) -> list[bytes]:
    """`count` updates, each a new report from a distinct user, serialised once."""
    rng = random.Random(seed)
    return [
        json.dumps(
            Person(first_user + i, "ko", f"주민{i}").text(report_text(rng)), ensure_ascii=False
        ).encode()
        for i in range(count)
    ]
