"""Words that take back or play down what a report said, and when they do not.

Whether a wish to die was said as a joke, or taken back after it was said: "죽고싶다 ㅋㅋ",
"he joked he'd 'just walk into the sea lol'", "再这么冷我就冻死算了，说完就哈哈笑", and a wish
said drunk or in anger then taken back ("술김에 한 말이래요", "他说是喝多了瞎说的", "she says
she was just tired") are households to check, not dangers to life: suicide humour can hide
real intent, so the reason stays, scored normal (``assessment``). A last word is never a
joke however it is laughed ("옥상 바람 시원하다 마지막으로 ㅎㅎ").

And whether "I'm fine now" after a goodbye is the writer's own ("짐은 다 정리했어요 …
그동안 감사했어요. 이제 괜찮아요"): the calm of someone who has decided, not a danger that has
passed, unlike a reassurance passed on ("이모가 가보니 이제 괜찮대요").

Plain searches over bounded spans: linear in the text.
"""

from __future__ import annotations

import re

from triage.matching import Hit
from triage.normalize import NormalizedText

# Laughter this close to the words is the joke's own; a polite "ㅎㅎ" closing a long
# message is not.
_JOKE_DISTANCE = 12
# ... and laughter closing the same sentence is the joke's own too ("he will jump from the
# roof hahaha"), however long the sentence: no sentence end between the two (bounded).
_SENTENCE_END = re.compile(r"[.!?。！？\n]")
_JOKE_SENTENCE = 160
# A last word is not a joke however it is laughed: "옥상 바람 시원하다 마지막으로 ㅎㅎ".
_LAST_WORDS = re.compile(r"마지막|最后|last time|goodbye|永别|再见")
# Words that frame what follows as a joke ("joked that …", "开玩笑说 …", "농담으로 …"),
# unlike "lol" or "哈哈" opening a message, which are the writer's tone.
_JOKE_FRAME = re.compile(r"jok|kidd|농담|장난|玩笑|说着玩|闹着玩")


def same_sentence(doc: NormalizedText, one: Hit, other: Hit) -> bool:
    """True when no sentence ends between two hits of the spaced text, close enough."""
    start, end = min(one.end, other.end), max(one.start, other.start)
    if end - start > _JOKE_SENTENCE:
        return False
    return _SENTENCE_END.search(doc.text, start, max(start, end)) is None


def said_in_jest(hits: dict[str, Hit], doc: NormalizedText) -> bool:
    """True when the report's wish to die (``suicide_risk``) is laughed at or taken back."""
    suicide, laughter = hits.get("suicide_risk"), hits.get("laughter")
    if suicide is None or _LAST_WORDS.search(suicide.words):
        return False
    if laughter is not None:
        gap = max(laughter.start - suicide.end, suicide.start - laughter.end)
        # Laughter after the words, in their sentence, closes the joke; "lol so my classmate
        # sent …" before them is the writer's tone, not the classmate's. "joked that …"
        # before them frames them.
        after = laughter.start >= suicide.end
        frames = not after and _JOKE_FRAME.search(laughter.words) is not None
        if gap <= _JOKE_DISTANCE or ((after or frames) and same_sentence(doc, suicide, laughter)):
            return True
    # Taken back after it was said ("했다가 … 장난이었대요", "她说只是emo一下"), at any distance.
    retracted = hits.get("retracted")
    return retracted is not None and retracted.start >= suicide.end


# The writer's own "I'm fine now", not a reassurance passed on ("괜찮대요", "she says she's
# fine"): read just before (English, Chinese) or just after (Korean) the resolution's words.
_OWN_CALM_BEFORE = re.compile(r"(?:\bi'?m|\bi am|我)\s*(?:\w+\s+)?$")
_OWN_CALM_AFTER = re.compile(r"\s*(?:아요|아|습니다|어요|요)(?![가-힣])")


def writer_s_own_calm(doc: NormalizedText, resolved: Hit) -> bool:
    """True when the resolution ``resolved`` is said by the writer of ``doc`` about themself."""
    before = doc.text[max(0, resolved.start - 12) : resolved.start]
    return bool(_OWN_CALM_BEFORE.search(before) or _OWN_CALM_AFTER.match(doc.text, resolved.end))
