"""The learned backstop: reproducible weights, and rules that only ever raise a priority."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest

from bench import train_triage_model
from tests.triage.eval_set import (
    AUTHOR_BATCHES,
    BATCHES,
    CRITICAL_PROBE,
    HELD_OUT_SETS,
    PRECISION_PROBE,
    TUNING,
)
from triage import Priority, assess, model
from triage.matching import mask_idioms
from triage.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]
WEIGHTS = ROOT / "triage" / "model_weights.json"
RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.CRITICAL: 3}


def _thresholds(monkeypatch: pytest.MonkeyPatch, critical: float, high: float) -> None:
    """Make the shipped model use these thresholds for the rest of the test."""
    changed = dataclasses.replace(model.shipped(), critical_threshold=critical, high_threshold=high)
    monkeypatch.setattr(model, "shipped", lambda: changed)


@pytest.fixture
def eager_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that would raise every report it is allowed to read to critical."""
    _thresholds(monkeypatch, -math.inf, -math.inf)


def test_the_shipped_weights_are_what_the_training_script_produces() -> None:
    assert WEIGHTS.read_text(encoding="utf-8") == train_triage_model.build()


def test_the_model_learns_from_every_author_but_not_the_newest_project_batches() -> None:
    trained_on = train_triage_model.TRAINED_ON
    assert set(AUTHOR_BATCHES) <= set(trained_on)
    assert len({train_triage_model.AUTHORS[name] for name in trained_on}) >= 3
    assert "held_out_10" not in trained_on
    assert "held_out_11" not in trained_on
    assert "held_out_12" not in trained_on
    assert set(trained_on) <= set(BATCHES)
    newest = {
        text
        for name in ("held_out_10", "held_out_11", "held_out_12")
        if name in HELD_OUT_SETS
        for _, _, text in HELD_OUT_SETS[name]
    }
    assert newest
    assert not newest & {text for name in trained_on for _, _, text in BATCHES[name]}


def test_the_weights_are_a_json_data_file_in_the_package() -> None:
    # Eight independent authors' batches (round 2 of issue 11) bring it to ~1.7 MB.
    assert WEIGHTS.stat().st_size < 2_000_000
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(data["trained_on"]) == set(train_triage_model.TRAINED_ON)
    assert len(model.shipped().weights) > 1000
    assert not (ROOT / "triage" / "model_weights.py").exists()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'triage = ["model_weights.json"]' in pyproject


def test_korean_ngrams_ignore_spacing_and_digits_read_as_zero() -> None:
    spaced = model.grams(mask_idioms(normalize("연락이 며칠째 안 돼요 3일")))
    joined = model.grams(mask_idioms(normalize("연락이며칠째안돼요 5일")))
    assert spaced == joined
    assert "0일" in spaced


def test_volunteer_tags_and_numbers_alone_give_no_ngrams() -> None:
    tagged = model.grams(normalize("[field] Block 3: the old man at no. 12"))
    assert not {gram for gram in tagged if "field" in gram or "fie" in gram}
    assert " 00 " not in tagged and "00" not in tagged
    assert "no 00" in tagged  # a number still pairs with its neighbour
    assert model.grams(normalize("[현장] 3통")) == model.grams(normalize("3통"))
    assert model.grams(normalize("【现场】3号楼")) == model.grams(normalize("3号楼"))


def test_one_word_cannot_outvote_the_report() -> None:
    # A word's many overlapping n-grams add at most GROUP_CAP between them.
    weights = {" aga": (5.0, 5.0), "agai": (5.0, 5.0), "gain ": (5.0, -5.0), "again": (5.0, 5.0)}
    groups = model.units(normalize("again"))
    assert model.score(groups, weights, (0.0, 0.0), 3.0)[:2] == (3.0, 3.0)
    assert model.score(groups, weights, (0.0, 0.0), 100.0)[:2] == (20.0, 10.0)
    assert 1.0 <= model.shipped().group_cap < 100.0


def test_english_ngrams_are_within_words_and_word_pairs() -> None:
    grams = model.grams(normalize("took 30 pills"))
    assert {" pill", "ills ", "took 00", "00 pills"} <= grams
    assert not any("k 0" in gram for gram in grams if gram.count(" ") == 0)


def test_the_model_never_lowers_a_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text for _, _, text in TUNING + HELD_OUT_SETS["held_out_9"]]
    texts += ["", "   ", "ㅋㅋ", "?", "hello", "你好"]
    with_model = [assess(text).priority for text in texts]
    _thresholds(monkeypatch, math.inf, math.inf)
    for text, raised in zip(texts, with_model, strict=True):
        assert RANK[raised] >= RANK[assess(text).priority], text


@pytest.mark.parametrize(
    "text",
    [
        "배고파 죽겠다 ㅋㅋㅋ",  # idiom
        "이 영화 보고 울다가 죽는줄 ㅋㅋ",  # laughter
        "自杀倒不至于，就是心情不好",  # a denied danger
        "I'm not saying she's suicidal, she just seems tired",
        "지난번에 신고한 할머니 이제 괜찮으시대요 감사합니다",  # resolved
        "카지노 바카라 당일대출 가능",  # spam
        "笑死我了",
        "this traffic is killing me",
        "윗집 쿵쿵 소리 때문에 잠을 못 자요",  # a noise complaint and nothing else
        "what time does the library close on sundays?",  # an enquiry, nothing read
        "복지관 셔틀버스는 몇 시에 출발하나요?",
    ],
)
def test_negated_idiomatic_joking_resolved_spam_and_noise_stay_out(
    eager_model: None, text: str
) -> None:
    result = assess(text)
    assert "model_risk" not in {r.code for r in result.reasons}
    assert result.priority in (Priority.LOW, Priority.NORMAL)


def test_an_eager_model_raises_what_it_may_read_to_critical_and_says_why(
    eager_model: None,
) -> None:
    text = "할아버지가 오늘따라 좀 이상하세요 어떡하죠"
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert result.imminent_danger
    risk = next(r for r in result.reasons if r.code == "model_risk")
    assert risk.imminent
    assert risk.matched.startswith("model: ")
    # The words quoted are the resident's own.
    for words in risk.matched.removeprefix("model: ").split(" / "):
        assert words in text


def test_the_model_raises_to_high_without_claiming_imminent_danger(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _thresholds(monkeypatch, math.inf, -math.inf)
    result = assess("할머니 댁 사정이 좀 그래요")
    assert result.priority is Priority.HIGH
    assert not result.imminent_danger
    assert not next(r for r in result.reasons if r.code == "model_risk").imminent


def test_the_model_leaves_what_the_lexicon_made_critical_alone(eager_model: None) -> None:
    result = assess("옆집 아저씨가 번개탄을 여러 개 사 가셨어요")
    assert result.priority is Priority.CRITICAL
    assert "model_risk" not in {r.code for r in result.reasons}


def test_the_shipped_model_reads_wording_no_pattern_covers() -> None:
    # From HELD_OUT_9's misses (now training data): wording no pattern reads.
    for text in (
        "my sister said she's written letters to everyone and is going to the train tracks",
        "我妈说活着太累了，刚才把家里的药都找出来了",
    ):
        result = assess(text)
        assert result.priority is Priority.CRITICAL, text
        assert result.reasons[0].code == "model_risk"


def test_the_shipped_model_keeps_plain_worries_where_they_are() -> None:
    assert assess("혼자 사시는 할아버지가 걱정돼요").priority is Priority.NORMAL
    assert assess("할머니 한번 들여다봐 주세요").priority is Priority.LOW
    assert assess("주민센터 운영시간이 어떻게 되나요").priority is Priority.LOW


# Round 12: everyday words of place and person ("floor", "upstairs", "next door", "old lady",
# 楼下, 老人) made ordinary reports critical; they are context, not evidence.
@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The old man on the ground floor skips meals", Priority.HIGH),
        ("The old lady next door looks lonely and her flat is always cold", Priority.NORMAL),
        ("The old man upstairs has not been eating well lately", Priority.HIGH),
        # No pattern reads "lately" as days; the backstop may raise it to high, never further.
        (
            "The old lady next door hasn't been seen lately and her flat looks freezing",
            Priority.HIGH,
        ),
        ("楼下老人好几天没出门了，电话也没人接", Priority.HIGH),
        ("the lad upstairs hasn't left his room in months", Priority.NORMAL),
        ("the lad upstairs hasn't left his room in months according to his mum", Priority.NORMAL),
    ],
)
def test_where_and_who_do_not_make_a_mild_report_critical(text: str, level: Priority) -> None:
    result = assess(text)
    assert not result.imminent_danger
    assert result.priority is level


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("the old man on the 2nd floor skips meals", ("floor", " old", " man", "old man")),
        ("the old lady next door is lonely", (" lady", " next", "next door", " door")),
        ("the lad upstairs in flat 12", ("upst", " lad", " flat", "in flat")),
        ("the stairs are dirty again", ("stai", "the stairs")),
        ("옆집 할머니가 302호 사세요", ("옆집", "할머", "머니", "0호", "집할")),
        ("楼下的老人住在3号楼", ("楼下", "老人", "0号", "下的")),
        ("樓上的阿嬤", ("楼上", "阿嬷")),
    ],
)
def test_words_of_place_and_person_give_no_ngrams(text: str, context: tuple[str, ...]) -> None:
    grams = model.grams(mask_idioms(normalize(text)))
    assert grams  # the rest of the report still reads
    assert not grams & set(context)


def test_a_floor_that_is_not_a_place_still_reads() -> None:
    # Only place phrases are context: someone lying on the floor is evidence.
    assert {" floo", "the floor"} <= model.grams(normalize("she is lying on the floor"))
    assert "is lying" in model.grams(normalize("the old man upstairs is lying on the floor"))


def test_the_round_12_probes_are_never_trained_on() -> None:
    trained = {text for name in train_triage_model.TRAINED_ON for _, _, text in BATCHES[name]}
    probes = {text for _, _, text in PRECISION_PROBE + CRITICAL_PROBE}
    assert len(probes) == len(PRECISION_PROBE) + len(CRITICAL_PROBE)
    assert not probes & trained
