"""Dangers made of parts: a vulnerable person, a hazard, and time.

Each part alone is a lesser sign: a person with dementia (normal), a cold night (high at
most), hours gone by (nothing). Together they are how people die of exposure, hunger or a
heart that gave out: "치매 있는 아버지가 얇은 옷에 폰도 없이 나가서 세 시간째 안 들어오세요,
밖은 영하예요", "a toddler alone since yesterday with nothing to eat", "他有心脏病，刚才说喘不上气，
现在一直不接电话". ``read`` names the three parts when a report has them all; the
assessment then adds the imminent reason ``vulnerable_in_danger``.

Who counts as vulnerable is narrow on purpose: dementia or confusion, frailty or being
bedridden, a serious illness (heart, diabetes on insulin, dialysis, oxygen, stroke,
cancer), a newborn, a disability. Being old or a child is not enough (toddlers in a cold
flat or short of food with their parent are a high, not a critical): a child counts only
when left alone, without food or heat, for days or a night ("all day after school" is a
care problem, high).
The parts are read over the whole text, since they are usually told in different
sentences. Every pattern is a plain alternation with bounded gaps, linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from triage.matching import Hit
from triage.normalize import NormalizedText

# --- who: a person who cannot look after themselves in a hazard ------------------------
_VULNERABLE_EN = re.compile(
    r"\b(?:dementia|alzheimer|confused|disoriented|frail|bedridden|bed-bound|wheelchair|"
    r"heart (?:condition|problem|disease|patient|failure|trouble)|bad heart|pacemaker|"
    r"diabetic|insulin|dialysis|oxygen tank|copd|stroke|cancer|terminally ill|"
    r"newborn|disabled|"
    r"baby (?:(?:about|only|just|barely) )?(?:\d{1,2}|two|three|four|five|six) "
    r"(?:weeks?|days?) old|"
    r"\d{1,2}-(?:week|day)-old)"
)
_VULNERABLE_CJK = re.compile(
    r"치매|인지장애|정신이?(?:오락가락|없으|흐리)|깜빡깜빡|거동.{0,2}(?:불편|못)|못걸으|"
    r"누워만|와상|휠체어|심장|당뇨|인슐린|투석|산소통|뇌졸중|중풍|암투병|말기|갓난|"
    r"신생아|장애|"
    r"痴呆|失智|糊涂|认不出|卧床|瘫痪|行动不便|轮椅|心脏|糖尿病|胰岛素|透析|氧气|中风|癌症|"
    r"新生儿|刚出生|残疾"
)

# --- what: a hazard such a person cannot survive for long ------------------------------
_HAZARD_EN = re.compile(
    r"\b(?:sub-?zero|below (?:zero|freezing)|freezing|minus \d|snow|frost|ice cold|"
    r"heat ?wave|heatstroke|sweltering|no heat|heating (?:is )?(?:off|broken|cut)|"
    r"heater (?:is )?broken|wander(?:ed|s|ing)? (?:off|away|out)|(?:went|gone|is) missing|"
    r"got lost|left (?:home|the house)|walked out|"
    r"(?:hasn't|has not|didn't|did not|never|not) (?:come|came) (?:back|home)|"
    r"breathless|short of breath|can't breathe|cannot breathe|trouble breathing|"
    r"struggling to breathe|gasping|"
    r"(?:insulin|medicine|medication|meds|oxygen) (?:ran out|run out|is finished|finished)|"
    r"(?:out of|no more) (?:insulin|medicine|medication|meds|oxygen)|"
    r"(?:nobody|no one|no-one) (?:to )?(?:look after|care for|feed)|"
    r"(?:can't|cannot|can not) (?:get up|stand))"
)
_HAZARD_CJK = re.compile(
    r"영하|얼어|꽁꽁|한파|눈(?:이)?.{0,2}(?:와요|와서|오고|오는|내리|쌓)|눈발|눈길|냉골|난방.{0,3}(?:안|못|없|끊|꺼)|"
    r"보일러.{0,4}(?:고장|꺼|안|끊)|폭염|찜통|열사병|배회|길을?잃|실종|"
    r"(?:나가|나가셨|나갔).{0,12}(?:안|못)(?:들어|돌아)|안들어오|안돌아오|못찾|"
    r"숨.{0,3}(?:차|가빠|못쉬|막히|헐떡)|호흡곤란|"
    r"(?:약|인슐린).{0,3}(?:떨어|없|끊)|돌봐줄사람|돌볼사람|못일어나|일어나질못|"
    r"零下|冻|下雪|大雪|雪地|没有暖气|没暖气|暖气.{0,2}(?:坏|停|没)|高温|中暑|走丢|走失|失踪|"
    r"迷路|找不到|没回来|没回家|喘不|呼吸困难|上不来气|(?:药|胰岛素).{0,2}(?:吃完|没了|断了|用完)|"
    r"没人照顾|无人照顾|起不来|站不起来"
)
# Findings of the patterns that are hazards for such a person: no food, no heating, a
# cut supply, and being out of reach (gone quiet, a phone or a door nobody answers).
HAZARD_CODES = (
    "no_food",
    "child_hunger",
    "no_heating",
    "utilities_cut",
    "unreachable",
    "no_answer",
    "not_seen",
)
# For a child left alone, only what a child cannot survive: hunger, cold, heat.
_CHILD_HAZARD_CODES = ("no_food", "child_hunger", "no_heating", "utilities_cut")

# For a child alone: days, or a night (not hours, not "all day").
_DAYS_EN = re.compile(
    r"\b(?:\d{1,2}|a few|few|several|two|three|four|five|six|many) ?(?:days?|nights?)\b|"
    r"\bdays\b|\bsince (?:yesterday|last night)|\ball night\b|\bovernight\b|\btonight\b"
)
_DAYS_CJK = re.compile(
    r"\d{1,2}일|며칠|이틀|사흘|나흘|닷새|일주일|어제|밤새|\d{1,2}天|[两三四五六七八九十几]天|好几天|"
    r"昨天|昨晚|一夜|整夜|通宵"
)

# --- how long: hours or days, or a night -------------------------------------------------
_TIME_EN = re.compile(
    r"\b(?:\d{1,2}|a few|few|several|two|three|four|five|six|many) ?(?:hours?|hrs?|days?|"
    r"nights?)\b|\bhours\b|\bdays\b|\bsince (?:yesterday|last night|this morning|morning|"
    r"noon|lunch|dinner|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"\ball (?:day|night)\b|\bovernight\b|\btonight\b|\blast night\b|\bat night\b|"
    r"\b\d{1,2} ?(?:pm|am)\b|\b\d{1,2}:\d\d ?pm\b"
)
_TIME_CJK = re.compile(
    r"\d{1,2}시간|몇시간|(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)시간|\d{1,2}일|며칠|이틀|사흘|나흘|닷새|일주일|어제|"
    r"아침부터|새벽|밤새|하루종일|종일|밤|저녁|"
    r"\d{1,2}个?小时|几个小时|[两三四五六七八九十几]个?小时|\d{1,2}天|[两三四五六七八九十几]天|"
    r"好几天|一整天|整天|昨天|昨晚|一夜|整夜|通宵|从早上|晚上|夜里|半夜|今晚"
)


def read(
    doc: NormalizedText, findings: Mapping[str, str], cues: Mapping[str, Hit]
) -> list[str] | None:
    """The words of a vulnerable person, a hazard and a time in ``doc``, or None.

    ``findings`` maps the reason codes the patterns found to their words, ``cues`` the
    context cues (a child mentioned, nobody home, night).
    """
    hazard = next((findings[code] for code in HAZARD_CODES if code in findings), None)
    hazard = hazard or doc.first_quote(_HAZARD_EN, _HAZARD_CJK)
    if hazard is None:
        return None
    time = doc.first_quote(_TIME_EN, _TIME_CJK)
    if time is None and "night" in cues:
        time = cues["night"].words
    if time is None:
        return None
    who = doc.first_quote(_VULNERABLE_EN, _VULNERABLE_CJK)
    if who is not None:
        return [who, hazard, time]
    # A child left alone, with no food or heat: a child cannot fend for themselves.
    alone = findings.get("child_alone")
    if alone is None and "child_mentioned" in cues and "nobody_home" in cues:
        alone = f"{cues['child_mentioned'].words} + {cues['nobody_home'].words}"
    child_hazard = next((findings[c] for c in _CHILD_HAZARD_CODES if c in findings), None)
    if alone is None or child_hazard is None:
        return None
    days = doc.first_quote(_DAYS_EN, _DAYS_CJK)
    if days is None and "night" in cues:
        days = cues["night"].words
    if days is not None:
        return [alone, child_hazard, days]
    return None
