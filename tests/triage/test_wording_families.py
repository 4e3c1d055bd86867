"""Families of wording that writers the project had never read used, in Korean, English and
Chinese: back from the edge and afraid of going again, a last night announced, violence
heard rather than seen, a wish to die said drunk or in anger and taken back, a joke about
dying framed as one, someone gone quiet whose neighbour saw no sign of harm, the calm of a
writer who has said goodbye, and needs described rather than named.

Every sentence here was written for this test (none is copied from a batch).
"""

from __future__ import annotations

import pytest

from triage import Priority, assess


def _codes(text: str) -> set[str]:
    return {reason.code for reason in assess(text).reasons}


BACK_FROM_THE_EDGE = [
    "그저께 밤에 다리에 갔다가 그냥 돌아왔어요. 오늘 밤에도 또 갈 것 같아서 겁나요",
    "I went up to the rooftop on Sunday and came back down. I'm scared I'll go up there again.",
    "前天晚上我上了天台，站了一会儿又下来了。我怕自己今晚还会去",
]


@pytest.mark.parametrize("text", BACK_FROM_THE_EDGE)
def test_back_from_the_edge_and_afraid_of_going_again_is_a_suicide_risk(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert "suicide_risk" in _codes(text)
    assert result.self_crisis


@pytest.mark.parametrize(
    "text",
    [
        "옥상에 빨래 걷으러 갔다가 내려왔는데 비가 또 오네요",
        "I went up to the roof to fix the aerial and came back down before the rain started again.",
        "我上了楼顶收被子又下来了，明天再去晒",
    ],
)
def test_an_errand_on_a_roof_is_not_a_return_from_the_edge(text: str) -> None:
    # The patterns read no suicide risk here. (The learned backstop still makes the Korean
    # errand critical on the n-grams of "옥상에 … 갔다가 내려왔는데 … 또": docs/triage.md.)
    assert "suicide_risk" not in _codes(text)


LAST_NIGHT = [
    "오늘 밤이 제 마지막 밤이 될 거예요. 강아지는 옆집에 맡겨 주세요",
    "Tonight is my last night. Please make sure someone feeds my dog.",
    "is there someone to talk to? asking for myself, i'm planning on not waking up tomorrow",
    "今天就是我最后一天了，钥匙放在门垫下面",
    "明天早上我不打算醒来了",
]


@pytest.mark.parametrize("text", LAST_NIGHT)
def test_a_last_night_announced_is_a_suicide_risk(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert "suicide_risk" in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tonight is my last night shift before the holidays, so the office is closed tomorrow.",
        "오늘이 마지막 날 행사예요. 주민센터 앞에서 김장 나눔 해요",
    ],
)
def test_a_last_shift_or_a_last_day_of_an_event_is_not_a_goodbye(text: str) -> None:
    assert assess(text).priority is Priority.LOW


HEARD_THROUGH_A_WALL = [
    "윗집에서 여자 비명이 들리고 쿵쿵 부딪히는 소리가 계속 나요",
    "Through the wall it sounds like a kid is being hit, there's thumping and crying.",
    "I can hear her being beaten next door right now, he keeps shouting.",
    "隔壁一直传来惨叫声，还有摔东西的声音",
    "楼上传来打孩子的声音，孩子一直哭",
]


@pytest.mark.parametrize("text", HEARD_THROUGH_A_WALL)
def test_violence_heard_through_a_wall_is_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert _codes(text) & {"violence", "child_abuse"}


TAKEN_BACK = [
    # Said drunk or in anger, then taken back, with the rest of a hard life around it.
    "삼촌이 그저께 술 드시고 죽고 싶다고 하셨는데 어제 여쭤보니 술김에 한 말이래요. "
    "일이 끊겨서 걱정돼요",
    "형이 살기 싫다고 하더니 다음 날엔 홧김에 한 소리였대요. 요즘 혼자 지내요",
    "My uncle said he wanted to die at the pub on Friday. Next day he said it was the drink "
    "talking. He lives alone since the divorce.",
    "My flatmate said she wanted to disappear last week; now she says she was just tired and "
    "it's fine now. She's still skipping meals.",
    "我舅舅前天喝多了说不想活了，第二天说是喝多了瞎说的。他一个人住，工作也没了",
    "邻居阿姨那天说想不开，后来说是一时气话，现在好多了，就是一直一个人",
]


@pytest.mark.parametrize("text", TAKEN_BACK)
def test_a_wish_to_die_said_drunk_or_in_anger_and_taken_back_is_normal(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.NORMAL, result.reasons
    # The words stay as a reason so staff still see what was said.
    assert "suicide_risk" in _codes(text)
    assert not result.imminent_danger


def test_a_wish_taken_back_keeps_another_danger_critical() -> None:
    text = "아빠가 술김에 한 말이라지만 죽고 싶다고 했고, 지금 엄마를 때리고 있어요"
    assert assess(text).priority is Priority.CRITICAL


JOKES = [
    "회식 때 과장님이 회사 망하면 콱 죽어버릴 거라고 하시고는 바로 웃으셨어요. 요즘 혼자 사세요",
    "My brother-in-law joked that if the farm fails again he'll just walk into the river, "
    "lol. He has been drinking a lot since the harvest.",
    "隔壁大爷说“再这么冷我就冻死算了”，说完就哈哈笑了。他一个人住，家里很旧",
]


@pytest.mark.parametrize("text", JOKES)
def test_a_joke_about_dying_is_a_household_to_check_not_a_danger(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.NORMAL, result.reasons
    assert "suicide_risk" in _codes(text)


def test_a_joke_about_freezing_is_no_report_of_a_cold_room() -> None:
    assert "no_heating" not in _codes("我同事说“再这么冷我就冻死算了”，说完就哈哈笑")


def test_laughing_opening_a_message_is_the_writer_s_tone_not_a_joke() -> None:
    text = "lol ok so my roommate just told me she will walk into the river tonight"
    assert assess(text).priority is Priority.CRITICAL


def test_starving_said_laughing_is_a_figure_of_speech() -> None:
    assert assess("这个月工资还没发，我要饿死了哈哈").priority in (Priority.NORMAL, Priority.LOW)


def test_a_university_student_is_not_a_child() -> None:
    assert "child_mentioned" not in _codes("我是大学生，钱不够花了")
    assert "child_hunger" not in _codes("留学生食堂关了，饭都没得吃了")


QUIET_WITHOUT_HARM = [
    "경비실 옆 할아버지가 사흘째 안 보이시고 문을 두드려도 대답이 없어요. 냄새 같은 건 안 나요",
    "Haven't seen the man in 4B since Sunday and he doesn't answer the door. Nothing else "
    "strange, no smell, his bike is still downstairs.",
    "楼下的李伯三天没出门了，敲门也没人应，不过没闻到什么异味",
]


@pytest.mark.parametrize("text", QUIET_WITHOUT_HARM)
def test_gone_quiet_with_no_sign_of_harm_is_high_not_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.HIGH, result.reasons
    assert "possible_death" not in _codes(text)
    assert _codes(text) & {"not_seen", "unreachable", "no_answer"}


@pytest.mark.parametrize(
    "text",
    [
        "경비실 옆 할아버지가 사흘째 안 보이시고 문을 두드려도 대답이 없어요. 이상한 냄새가 나요",
        "Haven't seen the man in 4B since Sunday, he doesn't answer the door and there are flies "
        "on the window. Nothing else strange.",
        "楼下的李伯三天没出门了，敲门也没人应，门口的报纸堆了一地，没闻到异味",
    ],
)
def test_a_sign_at_the_door_keeps_a_silence_critical(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert "possible_death" in _codes(text)


CALM_AFTER_GOODBYE = [
    "짐은 다 정리했어요. 그동안 반찬 챙겨주셔서 정말 감사했어요. 이제 괜찮아요",
    "I've sorted all my papers and given my cat to my sister. Thank you all for everything. "
    "I'm fine now.",
    "东西都收拾好了，谢谢大家这些年的照顾。我现在没事了",
]


@pytest.mark.parametrize("text", CALM_AFTER_GOODBYE)
def test_the_writer_s_calm_after_a_goodbye_does_not_resolve_it(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert "suicide_risk" in _codes(text)


def test_a_reassurance_passed_on_after_a_goodbye_still_lowers_it() -> None:
    text = "엄마가 그동안 고마웠다는 문자를 보내고 연락이 안 됐는데, 이모가 가보니 이제 괜찮대요"
    assert assess(text).priority is Priority.HIGH


def test_what_others_believe_is_not_a_resolution() -> None:
    text = "my family thinks everything is fine. i bought rope today and i'm on the roof"
    assert assess(text).priority is Priority.CRITICAL


NEEDS_DESCRIBED = [
    # Hoarding, dementia and wasting described rather than named: a household to check.
    "아래층 아저씨 현관 앞에 빈 소주병이랑 박스가 잔뜩 쌓여 있어요",
    "할머니가 같은 말을 자꾸 하시고 어제는 시장 가시다 길을 잃으셨어요",
    "The old man upstairs has newspapers and boxes stacked floor to ceiling in the hallway.",
    "He drinks alone every night and looks thinner each time I see him.",
    "对门大爷捡了一屋子的废品纸箱，堆到天花板了",
    "我朋友有糖尿病，没有医保，一直不去看",
]


@pytest.mark.parametrize("text", NEEDS_DESCRIBED)
def test_needs_described_rather_than_named_are_a_household_to_check(text: str) -> None:
    assert assess(text).priority is Priority.NORMAL, assess(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "그동안 감사했어요. 다음 주에 딸네 근처로 이사 가요. 다들 잘 지내세요",
        "Thank you all for everything, goodbye everyone! We're moving to Daejeon on Friday.",
        "谢谢大家这些年的照顾，再见了，下个月我们就搬家了",
    ],
)
def test_a_goodbye_before_a_move_is_not_critical(text: str) -> None:
    assert assess(text).priority is not Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "[순찰] 3단지 방문 완료, 특이사항 없음",
        "Evening round of Block 2 done, nothing to report.",
        "今天走访了5号楼，一切正常",
    ],
)
def test_a_round_with_nothing_found_is_low(text: str) -> None:
    assert assess(text).priority is Priority.LOW


HOPELESS_AT_THE_EDGE = [
    "지금 다리 위에 서 있어요. 어차피 내려가도 달라질 게 없어요",
    "I'm standing on the bridge by the station. There's no point anyway.",
    "我现在站在桥上，反正回去也是一样",
]


@pytest.mark.parametrize("text", HOPELESS_AT_THE_EDGE)
def test_a_high_place_and_nothing_changing_is_a_suicide_risk(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL, result.reasons
    assert "suicide_risk" in _codes(text)


DYING_AS_A_JOURNEY = [
    "옆집 할머니가 요즘 먼저 간 남편 곁으로 가고 싶다는 말씀을 자주 하세요",
    "My roommate hasn't eaten for days and keeps saying he wants to go home to God.",
    "楼下奶奶最近老说想去找她过世的老伴",
]


@pytest.mark.parametrize("text", DYING_AS_A_JOURNEY)
def test_a_wish_to_die_said_as_a_journey_is_a_suicide_risk(text: str) -> None:
    assert "suicide_risk" in _codes(text)
    assert assess(text).priority is Priority.CRITICAL


def test_going_home_to_another_country_is_no_journey_of_dying() -> None:
    assert assess("I want to go home to my country next year, can I get help?").priority in (
        Priority.LOW,
        Priority.NORMAL,
    )
