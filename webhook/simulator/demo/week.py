"""The demo week's reports and staff replies, in Korean, English and Chinese.

Written to read like real chats: informal, sometimes without spaces, one in Traditional
characters, some volunteers' field notes, one idiom that is not an emergency.
"""

from __future__ import annotations

# (language, source, hours ago, report, what staff did: new | work | help:OUTCOME | OUTCOME)
WEEK: tuple[tuple[str, str, int, str, str], ...] = (
    ("ko", "resident", 2, "옆집 할머니가 일주일째 안 보이시고 우편물이 쌓여 있어요", "new"),
    ("ko", "resident", 3, "앞집 아저씨가 번개탄을 사 갔고 요즘 죽고싶다는 말을 자주 해요", "work"),
    ("ko", "volunteer", 5, "[현장] 3통 2반 독거 어르신 댁 전기가 끊겼고 난방이 안 됩니다", "new"),
    (
        "ko",
        "resident",
        9,
        "초등학생 아이가 밤늦게까지 혼자 놀이터에 있어요 밥도 못 먹은것같아요",
        "work",
    ),
    ("ko", "resident", 20, "윗집에서 며칠째 이상한 냄새가 나고 인기척이 없어요", "visited"),
    (
        "ko",
        "resident",
        26,
        "편의점에 매일 오던 할아버지가 돈이 없다고 라면 하나만 사가세요",
        "work",
    ),
    (
        "ko",
        "volunteer",
        30,
        "[현장] 5통 검침 중 수도요금 4개월 체납 세대 확인, 70대 부부",
        "help:public_benefit",
    ),
    (
        "ko",
        "resident",
        44,
        "월세가 석달 밀려서 쫓겨날 것 같다는 한부모 가정이 있어요",
        "help:partner_referral",
    ),
    ("ko", "resident", 50, "동네 어르신이 혼자 사시는데 외로워 보여요", "no_need"),
    (
        "ko",
        "resident",
        70,
        "아랫집 남자분이 실직하고 술만 드시는데 나쁜 생각 할까봐 걱정돼요",
        "visited",
    ),
    (
        "ko",
        "resident",
        75,
        "장애가 있는 이웃이 집 밖에 쓰레기를 잔뜩 쌓아두고 지내요",
        "partner_referral",
    ),
    (
        "ko",
        "volunteer",
        96,
        "[현장] 읍내동 1통 우편함에 독촉장이 가득, 가스 공급 중단 안내문 부착",
        "public_benefit",
    ),
    (
        "ko",
        "resident",
        120,
        "배고파 죽겠다고 농담하던 이웃이 진짜로 며칠째 굶는 것 같아요",
        "visited",
    ),
    (
        "ko",
        "resident",
        150,
        "전화를 안 받으시는 할머니 댁, 문을 두드려도 대답이 없어요",
        "unreachable",
    ),
    (
        "en",
        "resident",
        1,
        "My neighbour said he wants to end it all and he bought a lot of pills",
        "new",
    ),
    (
        "en",
        "resident",
        6,
        "An old man downstairs has had no heating for a week, he lives alone",
        "new",
    ),
    (
        "en",
        "resident",
        12,
        "A mother and two kids next door stopped buying food, the kids look hungry",
        "work",
    ),
    ("en", "resident", 22, "The lady in 302 hasn't collected her milk for five days", "work"),
    (
        "en",
        "resident",
        34,
        "My landlord says the tenant upstairs is three months behind on rent and very ill",
        "help:public_benefit",
    ),
    (
        "en",
        "resident",
        48,
        "A foreign worker in our building lost his job and has no money for food",
        "help:partner_referral",
    ),
    (
        "en",
        "resident",
        60,
        "Elderly couple on our street, the husband has dementia and the wife can't cope",
        "visited",
    ),
    (
        "en",
        "resident",
        80,
        "Child left alone at night again in the flat across from mine",
        "visited",
    ),
    (
        "en",
        "resident",
        100,
        "Just worried about the quiet neighbour, nothing urgent, he seems lonely",
        "no_need",
    ),
    (
        "en",
        "resident",
        110,
        "Their electricity was cut and there is a final notice on the door",
        "public_benefit",
    ),
    (
        "en",
        "resident",
        130,
        "Someone in my building is hoarding and the smell is getting worse",
        "partner_referral",
    ),
    ("en", "resident", 140, "Same as before: nobody answers at 302, mail piling up", "duplicate"),
    (
        "en",
        "resident",
        160,
        "Neighbour had a stroke last month and lives alone now, no family visits",
        "visited",
    ),
    ("zh", "resident", 4, "邻居老人独居，好几天没出门了，敲门也没人应", "new"),
    ("zh", "resident", 8, "楼上的大叔最近总说想不开，还买了很多农药", "work"),
    ("zh", "resident", 14, "隔壁单亲妈妈失业了，房租欠了三个月，孩子还小", "new"),
    ("zh", "resident", 24, "小区里有个孩子晚上经常一个人在外面，好像没人管", "work"),
    ("zh", "resident", 36, "对门的老奶奶家被停电了，冬天没有暖气", "help:public_benefit"),
    ("zh", "resident", 52, "楼下的邻居生病住院回来后一直一个人，没钱买药", "help:partner_referral"),
    ("zh", "resident", 66, "鄰居老先生獨居，最近很少看到他，信箱塞滿了", "visited"),
    ("zh", "resident", 85, "打工的邻居被拖欠工资，已经两天没吃饭了", "public_benefit"),
    ("zh", "resident", 105, "只是觉得隔壁阿姨有点孤单，不算紧急", "no_need"),
    ("zh", "resident", 125, "一个残疾人邻居家里堆满垃圾，身体越来越差", "partner_referral"),
    ("zh", "resident", 145, "我联系不上住在三楼的老人，电话一直关机", "unreachable"),
    ("zh", "resident", 165, "邻居说家里水费和燃气费都欠了好几个月", "visited"),
)
REPLY_PREFIX = {
    "ko": "[담당자 답변 · {ref}]\n",
    "en": "[Reply from welfare staff · {ref}]\n",
    "zh": "[福利工作人员答复 · {ref}]\n",
}
REPLIES = {
    "ko": (
        "알려 주셔서 고맙습니다. 오늘 중으로 방문해 확인하겠습니다.",
        "방문해서 확인했습니다. 필요한 지원을 연결해 드렸습니다.",
    ),
    "en": (
        "Thank you for telling us. A counsellor will visit today.",
        "We visited and arranged the help they need. Thank you.",
    ),
    "zh": (
        "谢谢您告诉我们，工作人员今天会上门查看。",
        "我们已上门查看，并安排了所需的帮助。谢谢您。",
    ),
}
