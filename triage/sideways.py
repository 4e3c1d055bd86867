"""Crisis said sideways: no word of dying, but the shape of a goodbye.

People at risk, and the friends they write to, rarely use the lexicon's words. They say
that others will soon be free of them ("이제 아무도 저 때문에 고생 안 해도 돼요", "you won't
have to worry about me anymore", "以后你们就解脱了"), that they have put things in order
or handed them over ("통장 비밀번호 동생한테 넘겼어요", "gave my cat to my sister", "该交代的都
交代好了"), where they are standing (a roof, a bridge, a river bank), or they post thanks and
a goodbye and then go quiet. ``read`` finds these:

- ``burden``: others will be free of the writer, or better off. On its own a suicide risk.
- ``affairs``: things put in order, handed over or given away, in the first person or of
  the person the report is about. Alone it is a goodbye (``farewell``: nothing on its
  own, a suicide risk with silence, see ``assessment._combine``); with a high place or
  water, or with thanks for everything ("그동안 고마웠다면서 화분을 전부 저한테 주고"), it is a
  suicide risk.
- ``farewell``: thanks for everything, goodbye to all, "먼저 간다": the goodbye that with
  silence is a suicide risk.
- ``edge``: standing or sitting on a roof, a bridge, a river bank.
- ``back from the edge``: went up to a roof or a bridge and came back down, and afraid of
  going again ("어제 옥상에 올라갔다가 그냥 내려왔어요. 오늘도 또 올라갈 것 같아서 무서워요",
  "I went to the bridge last night and walked home, I think I'll go back tonight",
  "昨晚去了天台又下来了，怕今晚还会去"): a suicide risk.

Plain alternations with bounded gaps (``.{0,12}``): linear in the text.
"""

from __future__ import annotations

import re

from triage.normalize import NormalizedText

_BURDEN_EN = re.compile(
    r"\b(?:(?:you|everyone|everybody|they|people|my family|you all|you guys) (?:will|'ll|would"
    r"|'d|can) (?:\w+ ){0,2}(?:be free of me|be better off|be rid of me|not have to worry about"
    r" me|never have to worry about me|have one less problem)|"
    r"(?:won't|will not|wont) (?:have to )?(?:be a burden|bother anyone|trouble anyone)"
    r"(?: anymore| any more| much longer)?|"
    r"(?:nobody|no one|no-one) (?:will|'ll) (?:have to )?(?:deal with|worry about|put up with"
    r"|look after) me|"
    r"(?:i'm|i am|im) (?:just )?a burden(?: to (?:everyone|everybody|my family|you all))?|"
    r"free of me|rid of me soon|won't be (?:a )?(?:problem|trouble) (?:to anyone |for anyone )?"
    r"(?:much longer|for long|anymore|any more))"
)
_BURDEN_CJK = re.compile(
    r"(?:저|나|내)(?:때문에|땜에).{0,12}(?:고생|힘들|걱정).{0,6}(?:없을|안해도|안하셔도|끝|일없)|"
    r"(?:저|나)(?:만)?없으면.{0,10}(?:편해|편하|나아|행복|괜찮)|(?:제|내)가?짐(?:이|만)?(?:되|돼|이)|"
    r"(?:짐|부담)(?:을|도)?덜어|"
    r"(?:你们|大家|家里人|家人).{0,6}(?:就|也|终于)?(?:解脱|轻松|不用再?(?:为我|管我|担心我|操心))|"
    r"我(?:就是|只是|是)(?:个|一个)?(?:累赘|负担|拖累)|没有我.{0,6}(?:会更好|更好|轻松)|"
    r"不会再(?:麻烦|拖累)(?:你们|大家|任何人)"
)
_AFFAIRS_EN = re.compile(
    r"\b(?:put|putting|got|sorted|sorting) (?:all |everything |my |his |her )?(?:\w+ ){0,2}"
    r"(?:affairs|papers|things|everything) (?:in order|sorted)|"
    r"\b(?:sorted|sorted out|tidied up) (?:all )?(?:my|his|her) (?:papers|affairs|things)|"
    r"\b(?:gave|given|giving) away (?:my|his|her|all)|"
    r"\b(?:gave|given|handed) (?:my|his|her) (?:\w+ ){0,2}to (?:my|his|her) |"
    r"\b(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) (?:everyone|everybody"
    r"|all of us|my (?:kids|children|family|wife|husband|mum|mom|parents)|the kids)|"
    r"\b(?:passwords|bank details|pin) (?:to|with) (?:my|his|her)|"
    r"\bleft (?:a note|the rent|money|the keys) (?:and (?:a note|the rent|money|the keys) )?for\b|"
    r"\bwhat happens to (?:my|his|her) (?:money|savings|things|cat|dog) (?:when|if|after) "
    r"(?:i|he|she) di"
)
_AFFAIRS_CJK = re.compile(
    r"(?:다|전부|모두|싹)정리(?:했|하고|해놓|해뒀|해두|할게|한다|했다)|"
    r"(?:통장|비밀번호|도장|집문서|땅문서|보험|유품|물건|짐|고양이|강아지|애들|아이들).{0,8}"
    r"(?:넘겼|넘겨|맡겼|맡기고|줬어|주고|줘라|주라|나눠줬)|"
    r"(?:통장|서류|보험|유서|편지).{0,4}정리(?:해서|했|하고|해놓|해뒀)|유서(?:를|도)?(?:썼|써놓|남겼)|"
    r"(?:전부|다|모두|몽땅)(?:저|나|제|우리)(?:한테|에게)(?:주고|줬|주셨|주시고|넘겨|맡기)|"
    r"(?:交代|安排|整理|处理)(?:好|完)了|(?:东西|存折|密码|银行卡|猫|狗).{0,6}(?:都?送人|交给|给了|留给)|"
    r"把.{0,8}(?:都|全)(?:交代|送人|处理掉|分掉)|"
    r"정리(?:는|도|를)?(?:다|전부|모두|싹)?(?:했습|해뒀|해두었|해놨|끝냈)|"
    r"(?:고양이|강아지|애들|아이들|화분).{0,10}부탁(?:드렸|했|드리고|하고)|"
    r"(?:제가|내가|사람이|저)죽으면.{0,24}(?:통장|돈|재산|보증금|물건|짐)|"
    r"东西.{0,4}(?:都|全)?收拾好了|我死了?(?:以后|之后).{0,10}(?:钱|存款|东西|房子)"
)
_FAREWELL_EN = re.compile(
    r"\b(?:thank you|thanks) (?:all |everyone |guys )?for everything\b|"
    r"\bgoodbye (?:everyone|everybody|all|my friend|brother|sister)\b|"
    r"\bno need to (?:follow up|check on me|contact me|call me|worry about me)\b|"
    r"\b(?:just|only) (?:wanted|want) (?:someone|somebody|one person) to know\b|"
    r"\b(?:saying|said|say) goodbye\b|\btake care of (?:my|mum|mom|dad|the kids|yourself|"
    r"yourselves)\b.{0,30}\b(?:goodbye|bye|sorry|love you)\b"
)
_FAREWELL_CJK = re.compile(
    r"그동안.{0,20}?(?:고마웠|감사했)|(?:다들|모두|모두들)잘(?:지내|있어|살아)|몫까지(?:잘)?살|"
    r"먼저(?:간다|갈게|가요|가)|신세(?:를)?(?:많이|너무)?(?:졌|많았)|고마웠다고(?:꼭)?전해|"
    r"(?:더|다시)(?:는)?연락(?:드릴|할|드리는)일(?:은|이|도)?없|누군가(?:는|한명은)?알아?(?:줬|주었)?으면|"
    r"잘있어(?:라|요)?(?:안녕|미안)|미안해.{0,6}(?:안녕|먼저)|"
    r"谢谢(?:大家|你们)(?:这些年|一直以来)?|再见了|永别|来世再|下辈子再|先走了|照顾好(?:自己|爸妈|我妈|我爸)|"
    r"(?:只是|就是)想(?:跟|找|和|让)(?:一个|个)?人(?:说一声|知道)|(?:只是|就是)想有(?:一)?个人知道"
)
_EDGE_EN = re.compile(
    r"\b(?:i'm|im|i am|standing|sitting|he's|she's) (?:\w+ ){0,2}(?:on|at|by|near) the "
    r"(?:roof|rooftop|bridge|edge|ledge|railway|tracks|river|cliff|pier)\b|"
    r"\bgoing (?:down |out )?to the (?:sea|river|bridge|tracks|cliffs?|lake)\b"
)
# The means ready: with things put in order, a suicide risk ("收拾好了，药也买好了").
_MEANS_EN = re.compile(r"\b(?:pills|tablets|rope|charcoal) (?:is |are )?(?:ready|bought|all set)\b")
_MEANS_CJK = re.compile(
    r"药(?:也|都)?(?:买|准备|备)好了|(?:绳子|木炭|炭)(?:也|都)?(?:买|准备)好了|약(?:도|은)?(?:다)?사(?:놨|뒀|두었)"
)
# Soon: a goodbye's deadline ("before morning", "tonight").
_SOON_EN = re.compile(r"\b(?:tonight|before (?:the )?morning|by (?:the )?morning)\b")
_SOON_CJK = re.compile(
    r"오늘밤|아침(?:이)?오기전|날밝기전|이번주(?:안|내|까지)|今晚|今夜|天亮(?:之)?前|这周(?:之内|内)"
)
# Done holding on: with a high place, a suicide risk ("我在楼顶。不想撑了").
_HOPELESS_EN = re.compile(
    r"\b(?:can't|cannot) (?:do this|go on|hold on|keep going)(?: anymore| any more)?\b|"
    r"\b(?:don't|dont|do not) (?:really )?want (?:any )?help\b|"
    r"\b(?:nothing (?:will|would|is going to) change|(?:there's |there is )?no point)"
    r"(?: anyway)?\b|\bwhat's the point\b"
)
_HOPELESS_CJK = re.compile(
    r"더는?못버티|못버티겠|버틸수가없|그만하고싶|不想撑了|撑不下去|坚持不下去|不想坚持了|"
    # "反正下去也是这样", "어차피 내려가도 똑같아요": nothing changes whether they come down.
    r"反正.{0,6}(?:也|都)(?:是这样|是一样|一样|没用|没意思)|说了也没用|어차피.{0,8}(?:똑같|소용없|마찬가지|달라질게없)"
)
_EDGE_CJK = re.compile(
    r"(?:옥상|다리|대교|한강|난간|철길|선로|절벽|바닷가|강가).{0,3}(?:에|위에|위)(?:서|올라)?"
    r"(?:있어|서있|앉아|왔어|왔다)|"
    r"(?:站在|坐在|在|到了)(?:楼顶|天台|桥上|江边|河边|海边|铁轨|大桥|悬崖)"
)

# Back from the edge (went to a high place or the water and came back) and at risk again.
_EDGE_RETURN_EN = re.compile(
    r"\b(?:went|go|got|climbed|walked|drove|was) (?:up )?(?:to|onto|on to|on|at) (?:the |a )?"
    r"(?:roof|rooftop|bridge|tracks|railway|river|cliffs?|ledge|edge|pier)\b.{0,60}?"
    r"\b(?:came|climbed|walked|went|got|turned|stepped|drove) (?:back )?(?:down|back|home|away"
    r"|around)\b"
)
_EDGE_RETURN_CJK = re.compile(
    r"(?:옥상|다리|대교|한강|난간|철길|선로|기찻길|절벽|바닷가|강가|바다)(?:에|위에|위로|위|까지|으로)?"
    r"(?:올라|나|혼자)?(?:갔|가봤|갔었)(?:다가|는데|었는데|었다가|다).{0,12}(?:내려왔|돌아왔|집에왔|왔어)|"
    r"(?:去了|上了|到了|站在|爬上|走到|去过)(?:楼顶|天台|桥上|江边|河边|海边|铁轨|大桥|悬崖)(?:上)?.{0,12}"
    r"(?:下来|回来|回家)"
)
_AGAIN_EN = re.compile(
    r"\b(?:afraid|scared|worried|frightened|feel like|think) (?:that )?(?:i'll|i will|i might"
    r"|i'm going to|i am going to|i'd)\b|\b(?:go|going|climb|head|end up) (?:back )?(?:up )?"
    r"(?:there )?(?:again|tonight)\b|\b(?:tonight|today) (?:too|again)\b"
)
_AGAIN_CJK = re.compile(
    r"(?:또|다시|오늘도|오늘밤에?도)[가-힣]{0,8}(?:것같|거같|까봐|무서워|무섭|겁나)|"
    r"怕(?:自己)?(?:今天|今晚)?(?:又|再|还)|(?:今天|今晚)(?:还|又)(?:想|会)(?:去|上)|(?:又|还)想(?:去|上去|跳)"
)


# A baby weeks old: a parent done holding on with one is a danger to both ("baby about 3
# weeks old … 'I can't do this anymore'"), the despair a crisis line treats as suicidal.
_INFANT_EN = re.compile(
    r"\b(?:newborn|new baby|infant|baby (?:(?:about|only|just|barely) )?(?:\d{1,2}|two|three"
    r"|four|five|six) (?:weeks?|days?) old|\d{1,2}-(?:week|day)-old"
    r"|(?:had|gave birth to) (?:a|her|my|their|the) baby|gave birth)\b"
)
_INFANT_CJK = re.compile(
    r"신생아|갓난|(?:태어난지|낳은지)(?:\d{1,2}|한|두|세|네)?(?:주|일|달)|"
    r"新生儿|刚出生|婴儿|(?:刚|才)生(?:了|完)?(?:孩子|宝宝)|(?:宝宝|孩子)(?:才|刚)?(?:满月|\d{1,2}(?:周|天)大)"
)


def read(doc: NormalizedText) -> dict[str, str]:
    """Map ``suicide_risk`` and ``farewell`` to the words that say them sideways."""
    found: dict[str, str] = {}
    burden = doc.first_quote(_BURDEN_EN, _BURDEN_CJK)
    affairs = doc.first_quote(_AFFAIRS_EN, _AFFAIRS_CJK)
    farewell = doc.first_quote(_FAREWELL_EN, _FAREWELL_CJK)
    if burden is not None:
        found["suicide_risk"] = burden
    else:
        edge = doc.first_quote(_EDGE_EN, _EDGE_CJK)
        if affairs is not None:
            # Things given away with thanks for everything, from a high place, or with a
            # deadline ("letters for my kids … before morning").
            sign = (
                farewell
                or edge
                or doc.first_quote(_SOON_EN, _SOON_CJK)
                or doc.first_quote(_MEANS_EN, _MEANS_CJK)
            )
            if sign is not None and sign != affairs:
                found["suicide_risk"] = f"{sign} + {affairs}"
        else:
            hopeless = doc.first_quote(_HOPELESS_EN, _HOPELESS_CJK)
            beside = edge or doc.first_quote(_INFANT_EN, _INFANT_CJK)
            if hopeless is not None and beside is not None:
                found["suicide_risk"] = f"{beside} + {hopeless}"
    if "suicide_risk" not in found:
        back = doc.first_quote(_EDGE_RETURN_EN, _EDGE_RETURN_CJK)
        again = doc.first_quote(_AGAIN_EN, _AGAIN_CJK) if back is not None else None
        if back is not None and again is not None:
            found["suicide_risk"] = f"{back} + {again}"
    goodbye = farewell or affairs
    if goodbye is not None:
        found["farewell"] = goodbye
    return found
