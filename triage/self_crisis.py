"""Whether the writer is the person at risk: "I want to die", "더는 못 버티겠어요", "我不想活了".

A neighbour's report quotes or describes someone else ("할머니가 죽고 싶다고 하세요", "she
says she wants to end it"); a person in crisis writes about themselves. The conversation
answers the second as a crisis line would (numbers first, a human message, no report
form), so this reads who the words are about, not how dangerous they are: that is the
assessment's job. A false "self" costs a warmer reply to a neighbour; a missed one costs
the person in crisis a form to fill in, so a first-person marker next to a danger decides.
"""

from __future__ import annotations

import re

# Reasons about a life at risk by one's own hand: wanting to die, the means for it.
SELF_RISK_CODES = frozenset({"suicide_risk", "suicide_means"})
# The learned backstop and a bare danger word say a life may be at risk, not whose: they
# make a self-crisis only when the writer says "I" ("저", "我") in so many words, since a
# neighbour's "우편물이 문 앞에 잔뜩 쌓여 있어요" drops the subject just as "죽고 싶어요" does.
VAGUE_RISK_CODES = frozenset({"model_risk", "danger_word"})

# English: a first-person subject or object. "my neighbour" is about someone else, so "my"
# alone is not enough.
_EN_SELF = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|ill|i'd|me|myself)\b")
_EN_OTHER = re.compile(
    r"\b(?:he|she|they|he's|she's|they're|him|her|them|himself|herself|themselves)\b"
)
# Korean drops the pronoun ("죽고 싶어요"): a wish said without a quotation ("-다고 하",
# "-대요", "-래요") or an honorific for someone else ("-시-") is the writer's own.
_KO_QUOTED = re.compile(
    # "살펴봐 달라고" (asking to be looked after) is the writer's own request, not a quote.
    r"(?:다고|(?<!달)라고|자고|냐고|대요|래요|댔|랬|하시|하셔|하세요|하네요|시더라|셨)"
)
_KO_OTHER = re.compile(
    r"(?:할머니|할아버지|어르신|아저씨|아주머니|아줌마|엄마|아빠|어머니|아버지|친구|동생|언니|오빠|"
    r"누나|형|남편|아내|아들|딸|이웃|옆집|윗집|아랫집|그분|그 분|그 사람|걔|쟤|"
    # A classmate, a customer, a part-timer: "같은반 애가 … 올렸어요" (not "장애가").
    r"(?<!장)애(?:가|는|도)|손님|학생|알바생?|동료|선배|후배|반 친구)"
    # Someone the writer hands things to or thanks ("동생한테 넘겼어요") is not the subject.
    r"(?!한테|에게|께|한테도|에게도)"
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Korean first person said outright, as a word of its own ("저 오늘", "제가", "난").
_KO_SELF = re.compile(
    r"(?:^|[\s,.!?])(?:저는|저도|제가|저|제|나는|나도|내가|난|나|내|전)(?=[\s,.!?]|$)"
)
# Chinese: 我 as the subject, without a third person in the same message.
_ZH_SELF = re.compile(r"我(?!们的|家的)")
_ZH_OTHER = re.compile(
    r"[他她]|老人|邻居|朋友|奶奶|爷爷|阿姨|大爷|妈妈|爸爸|孩子|同学|同事|室友|老公|老婆|丈夫|妻子|"
    r"儿子|女儿|哥哥|姐姐|弟弟|妹妹|舅舅|叔叔|小孩"
)


def writer_at_risk(text: str, codes: frozenset[str] | set[str]) -> bool:
    """True when a danger to life was read (``codes``) and the text speaks in the first person.

    ``text`` is the normalised (lower-case, Simplified) report; ``codes`` the reason codes
    the assessment found.
    """
    own = bool(codes & SELF_RISK_CODES)
    if not own and not codes & VAGUE_RISK_CODES:
        return False
    if _EN_SELF.search(text) and not _EN_OTHER.search(text):
        return True
    if _ZH_SELF.search(text) and not _ZH_OTHER.search(text):
        return True
    if not _HANGUL.search(text):
        return False
    korean = re.sub(r"[^\uac00-\ud7a3\s,.!?]", " ", text)
    if _KO_OTHER.search(korean) or _KO_QUOTED.search(korean):
        return False
    # A Korean wish to die with no one else named and no quotation is the writer's own.
    return own or bool(_KO_SELF.search(korean))
