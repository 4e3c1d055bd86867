"""A learned backstop for the lexicon: character n-grams read by two naive Bayes heads.

The lexicon (``lexicon_*.py``) is primary and explains itself; it misses wording nobody
wrote a pattern for ("연락이 며칠째 안돼요", "식은땀", "train tracks"). This model reads the
same normalised, idiom-masked text as the lexicon, as character n-grams (Korean and Chinese
from the whitespace-free view, so spacing does not matter; English within words and word
pairs), and gives two probabilities: that the report is critical, and that it is at least
high. ``assessment`` lets it *raise* a priority, never lower one (see
``assessment._apply_model``).

The weights are data: ``bench/train_triage_model.py`` trains them from the labelled
reports in ``corpus/triage`` and writes ``triage/model_weights.json``, which ships inside
the package and is read once, with ``importlib.resources``, on the first report.
Inference is plain Python (dict look-ups and two clipped sums); training needs nothing
beyond the standard library either.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from triage.normalize import NormalizedText

WEIGHTS_FILE = "model_weights.json"


@dataclass(frozen=True)
class Weights:
    """The trained model: per n-gram log-count ratios of the two heads and how to use them."""

    weights: dict[str, tuple[float, float]]  # n-gram -> (critical, at least high)
    bias: tuple[float, float]  # prior log-odds of the two heads
    group_cap: float  # what one group of n-grams may add to a head (see ``score``)
    critical_threshold: float  # log-odds of critical at which the model may raise to critical
    high_threshold: float  # log-odds of at least high at which it may raise to high


def parse_weights(text: str) -> Weights:
    """Read the JSON written by the training script."""
    data = json.loads(text)
    return Weights(
        weights={gram: (pair[0], pair[1]) for gram, pair in data["weights"].items()},
        bias=(data["bias"][0], data["bias"][1]),
        group_cap=float(data["group_cap"]),
        critical_threshold=float(data["critical_threshold"]),
        high_threshold=float(data["high_threshold"]),
    )


@cache
def shipped() -> Weights:
    """The weights that ship in the package (``triage/model_weights.json``)."""
    text = resources.files("triage").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return parse_weights(text)


# Korean (syllables and jamo, so "ㅈㅅ" counts) and Chinese runs in the whitespace-free view;
# the masked idiom character and punctuation end a run.
_CJK_RUN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff\u3400-\u4dbf0-9]+")
_LATIN_WORD = re.compile(r"[a-z0-9']+")
_WORD_OR_BREAK = re.compile(r"[a-z0-9']+|\x1f")
_DIGITS = str.maketrans("123456789", "000000000")

CJK_ORDERS = (1, 2, 3)  # character n-gram lengths for Korean and Chinese
LATIN_ORDERS = (3, 4, 5)  # character n-gram lengths inside a padded English word
# A volunteer's tag ("[현장]", "[field]", "【现场】") says who wrote, not what is wrong: the
# facts carry provenance, and a tag seen mostly in critical field reports must not make
# "[field] Block 3: all fine" urgent. Tags are read as a word break.
_TAG = re.compile(r"\[[^\]\n]{0,16}\]|【[^】\n]{0,16}】")
# Where and who: the place a report is about ("the old man on the 2nd floor",
# "next door", "옆집", "302호", "楼下", "3号楼") and the kind of person ("old lady",
# "할머니", "老人") are in almost every report, urgent or not; the labelled reports have
# them mostly in critical ones, so as n-grams they read as evidence and made "the old man
# on the ground floor skips meals" critical; so did the building's shared parts ("the
# stairs smell of paint"). They are context, not evidence: the model
# reads each such phrase as a break (no n-gram or word pair spans it). Children are not
# listed: a child's presence changes what a report means. Digits already read as 0.
_CONTEXT_EN = re.compile(
    r"\b(?:"
    r"next[- ]door|(?:up|down)stairs|(?:across|along|over|down) the (?:hall|landing|"
    r"corridor|road|street|way)|opposite|"
    r"(?:(?:on|of) (?:the |our |my |his |her )?)?(?:ground|top|first|second|third|fourth|"
    r"fifth|sixth|bottom|basement|0+(?:st|nd|rd|th)?)[- ]floors?|floor 0+|"
    r"(?:flat|unit|apartment|apt|no|number|block|building|room|door|house) ?0+[a-z]?|"
    r"flats?|units?|apartments?|building|block|(?:the )?(?:stairs|stairwell|staircase|hallway|"
    r"corridor|landing|lift|lobby|entrance)|"
    r"(?:(?:little )?(?:old|older|elderly|young|oldish) )?(?:man|men|woman|women|lady|ladies|"
    r"gentleman|gentlemen|gent|chap|guy|bloke|fella|fellow|lad|couple|pensioners?|"
    r"widow|widower|person|people|folks?|neighbou?rs?|residents?|tenants?)|"
    r"the elderly|gran|granny|grandma|grandmother|grandad|granddad|grandpa|grandfather|"
    # Who told the reporter is no evidence of how bad it is ("according to his mum").
    r"according to|"
    # Korean addresses in Latin letters ("12 Seoryeong-ro, Eupnae-dong"): a place, and the
    # volunteers' labelled reports carry them mostly in critical ones.
    r"[a-z]{1,20}-(?:ro|gil|daero|dong|gu|si|gun|eup|myeon|ri)"
    r")\b"
)
_CONTEXT_CJK = re.compile(
    # Korean: houses and floors around the reporter's, unit numbers, kinds of person.
    # A number is read from its first digit ("(?<!0)"): from every digit of a long run,
    # "0+층" read to the end of the run each time.
    r"(?:옆|윗|위|아랫|아래|앞|뒷|건넛|이웃|맞은편)집|이웃|옆(?:동|호|방)|(?:위|윗|아래|아랫)층|"
    r"(?<!0)0+(?:층|호|동|통|반|번지|단지)|할머[니님]|할아버[지님]|할매|할배|어르신|노인|"
    r"아저씨|아주머니|아줌마|총각|아가씨|계단|복도|엘리베이터|"
    # Addresses: a road or district with its number ("서령로 12", "읍내동 123-4"), a city and
    # its district ("서산시 읍내동").
    r"[가-힣]{1,6}(?:로|길)(?<!0)0+(?:번길)?|[가-힣]{1,5}(?:동|리)(?=0)|"
    r"[가-힣]{1,4}(?:시|군)[가-힣]{1,4}(?:읍|면|동)|"
    # Chinese (Traditional already folded to Simplified).
    r"楼上|楼下|隔壁|对门|对面|邻居|楼道|楼梯|走廊|电梯|(?<!0)0+(?:楼|层|号楼|号|单元|室|栋)|老人家|老人|老太太|"
    r"老奶奶|奶奶|老爷爷|爷爷|老大爷|大爷|大妈|大叔|阿姨|伯伯|阿伯|阿婆|阿嬷|老先生|"
    r"老头[儿子]?|老太|小伙子|"
    # Addresses: a road and its number ("人民路12号"), a housing estate ("幸福小区").
    r"[\u4e00-\u9fff]{1,6}(?:路|街|巷|弄)(?<!0)0+号?|[\u4e00-\u9fff]{1,5}小区"
)
_BREAK = "\x1f"  # what a context phrase is replaced by: no word or n-gram spans it


def units(doc: NormalizedText) -> list[list[str]]:
    """The n-grams of ``doc``, grouped by where they come from; digits all read as 0.

    Korean and Chinese: the 1-3-grams starting at each character of a run of the
    whitespace-free view form one group. English: the 3-5-grams of one word, padded with
    spaces (" pill", "ills "), form one group, and each word pair its own. The learned
    backstop caps what one group adds (``score``), so one rare word cannot decide a report
    by the many overlapping n-grams it yields. Volunteer tags, and numbers alone (a house
    number, "12", "0"), give no n-grams; a number still pairs with its neighbour ("took 00").
    Words of place and person (``_CONTEXT_EN``, ``_CONTEXT_CJK``) give none either, and no
    n-gram or word pair spans them.
    """
    groups: list[list[str]] = []
    compact = _CONTEXT_CJK.sub(" ", _TAG.sub(" ", doc.compact).translate(_DIGITS))
    for run in _CJK_RUN.findall(compact):
        if run.isascii():
            continue  # digits or Latin letters alone: the English view reads them
        length = len(run)
        for i in range(length):
            group = [
                run[i : i + order]
                for order in CJK_ORDERS
                if i + order <= length and not run[i : i + order].isdigit()
            ]
            if group:
                groups.append(group)
    previous = ""
    text = _CONTEXT_EN.sub(f" {_BREAK} ", _TAG.sub(" ", doc.text).translate(_DIGITS))
    for word in _WORD_OR_BREAK.findall(text):
        if word == _BREAK:
            previous = ""
            continue
        if word.strip("0'"):
            padded = f" {word} "
            groups.append(
                [
                    padded[i : i + order]
                    for order in LATIN_ORDERS
                    for i in range(max(1, len(padded) - order + 1))
                ]
            )
        if previous:
            groups.append([f"{previous} {word}"])
        previous = word
    return groups


def grams(doc: NormalizedText) -> set[str]:
    """Every n-gram of ``doc`` (normalised and idiom-masked), as ``units`` groups them."""
    return {gram for group in units(doc) for gram in group}


def score(
    groups: list[list[str]],
    weights: dict[str, tuple[float, float]],
    bias: tuple[float, float],
    cap: float,
) -> tuple[float, float, list[tuple[float, str]]]:
    """Log-odds of critical and of at least high, and the n-grams that pushed critical up.

    Each n-gram counts once (the model is binarized), in the group it first occurs in. What
    a group adds to each head is clipped to ``[-cap, cap]``: the overlapping n-grams of one
    word (" aga", "agai", "gain " ...) are one piece of evidence read several ways, not
    independent witnesses, so one rare word cannot outvote the rest of the report. Sums run
    in text order, so the result does not depend on hashing.
    """
    critical, high = bias
    seen: set[str] = set()
    pushing: list[tuple[float, str]] = []
    for group in groups:
        group_critical = group_high = 0.0
        for gram in group:
            if gram in seen:
                continue
            seen.add(gram)
            pair = weights.get(gram)
            if pair is not None:
                group_critical += pair[0]
                group_high += pair[1]
                if pair[0] > 0:
                    pushing.append((pair[0], gram))
        critical += max(-cap, min(cap, group_critical))
        high += max(-cap, min(cap, group_high))
    return critical, high, pushing


@dataclass(frozen=True, slots=True)
class Feature:
    """An n-gram and where it first occurs: a span of ``doc.compact`` or of ``doc.text``."""

    gram: str
    start: int
    end: int
    compact: bool


def locate(doc: NormalizedText, gram: str) -> Feature | None:
    """Where ``gram`` (one of ``grams(doc)``) first occurs, to quote the resident's words."""
    if not gram.isascii() or gram.isdigit():
        start = doc.compact.translate(_DIGITS).find(gram)
        return Feature(gram, start, start + len(gram), True) if start >= 0 else None
    text = doc.text.translate(_DIGITS)
    words = [(m.group(0), m.start()) for m in _LATIN_WORD.finditer(text)]
    if " " in gram.strip():  # a word pair
        first, second = gram.split(" ")
        for (one, start), (two, begin) in itertools.pairwise(words):
            if (one, two) == (first, second):
                return Feature(gram, start, begin + len(two), False)
        return None
    core = gram.strip()
    for word, start in words:
        padded = f" {word} "
        at = padded.find(gram)
        if at >= 0:
            begin = start + max(0, at - 1)
            return Feature(gram, begin, begin + len(core), False)
    return None


@dataclass(frozen=True, slots=True)
class ModelRisk:
    """The model's reading of one report, as log-odds (naive Bayes is sure of itself, so
    its probabilities crowd at 0 and 1; the thresholds are set on the log-odds)."""

    critical: float  # log-odds that the report is critical
    high: float  # log-odds that it is at least high
    evidence: tuple[str, ...]  # the n-grams that pushed ``critical`` up most

    @property
    def critical_probability(self) -> float:
        return _sigmoid(self.critical)

    @property
    def high_probability(self) -> float:
        return _sigmoid(self.high)


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def read(doc: NormalizedText, *, evidence: int = 4) -> ModelRisk:
    """Score ``doc`` (already normalised and idiom-masked) with the shipped weights."""
    trained = shipped()
    critical, high, pushing = score(units(doc), trained.weights, trained.bias, trained.group_cap)
    pushing.sort(key=lambda item: (-item[0], item[1]))
    return ModelRisk(critical, high, tuple(gram for _, gram in pushing[:evidence]))
