"""Behaviour of ``triage.assess`` on the kinds of reports residents and volunteers send."""

from __future__ import annotations

import json

import pytest

from triage import Assessment, Priority, Reason, assess

CRITICAL, HIGH, NORMAL, LOW = Priority.CRITICAL, Priority.HIGH, Priority.NORMAL, Priority.LOW


def codes(assessment: Assessment) -> set[str]:
    return {reason.code for reason in assessment.reasons}


def reason(assessment: Assessment, code: str) -> Reason:
    return next(r for r in assessment.reasons if r.code == code)


# --- suicide and its means -------------------------------------------------------------


def test_charcoal_briquette_mention_is_critical() -> None:
    result = assess("옆집 아저씨가 번개탄을 여러 개 사 가셨어요")
    assert result.priority is CRITICAL
    assert reason(result, "suicide_means").matched == "번개탄"
    assert result.imminent_danger


def test_means_outweigh_the_word_suicide() -> None:
    means = assess("수면제를 모으고 계신 것 같아요")
    word = assess("자살 얘기를 하셨어요")
    assert means.score > word.score
    assert means.reasons[0].code == "suicide_means"


def test_indirect_korean_suicide_language_is_critical() -> None:
    for text in (
        "극단적 선택을 할까 봐 걱정돼요",
        "나쁜 생각을 하시는 것 같아요",
        "목숨을 끊겠다고 하셨어요",
    ):
        assert assess(text).priority is CRITICAL, text


def test_spacing_free_korean_wish_to_die_is_critical() -> None:
    result = assess("할아버지가자꾸죽고싶다고하세요")
    assert result.priority is CRITICAL
    assert reason(result, "suicide_risk").imminent


def test_briquettes_for_heating_are_not_a_suicide_means() -> None:
    result = assess("연탄이 다 떨어져서 할머니 방이 냉골이에요")
    assert "suicide_means" not in codes(result)
    assert "no_heating" in codes(result)
    assert result.priority is HIGH


def test_burning_briquettes_in_a_closed_room_is_critical() -> None:
    assert assess("방에서 연탄을 피웠대요").priority is CRITICAL


def test_spraying_pesticide_on_the_farm_is_not_a_suicide_means() -> None:
    assert assess("할아버지는 농약 치러 밭에 나가셨어요").priority is LOW


def test_english_indirect_suicide_language_is_critical() -> None:
    result = assess("My neighbour said he wants to end it all")
    assert result.priority is CRITICAL
    assert reason(result, "suicide_risk").matched == "end it all"


def test_chinese_indirect_suicide_language_is_critical() -> None:
    result = assess("邻居阿姨最近总说想不开，活着没意思")
    assert result.priority is CRITICAL
    assert reason(result, "suicide_risk").matched == "想不开"


def test_traditional_chinese_is_normalised_before_matching() -> None:
    result = assess("他說要燒炭輕生")
    assert result.priority is CRITICAL
    assert {"suicide_means", "suicide_risk"} <= codes(result)


def test_traditional_chinese_reason_quotes_the_original_characters() -> None:
    result = assess("隔壁老人好幾天沒見到，門口有臭味")
    assert result.priority is CRITICAL
    assert reason(result, "not_seen").matched == "好幾天沒見"
    assert reason(result, "bad_smell").matched == "臭味"


# --- negation and idiom ----------------------------------------------------------------


def test_negated_korean_suicide_mention_does_not_trigger() -> None:
    for text in (
        "자살 같은 건 아니고 그냥 기운이 없어 보여요",
        "자살은 아니고요, 요즘 많이 우울해 하세요",
    ):
        result = assess(text)
        assert "suicide_risk" not in codes(result), text
        assert result.priority is not CRITICAL


def test_worried_korean_question_is_not_read_as_negation() -> None:
    assert assess("혹시 자살하려는 건 아닌지 걱정돼요").priority is CRITICAL


def test_negated_english_and_chinese_mentions_do_not_trigger() -> None:
    assert "suicide_risk" not in codes(assess("She is not suicidal, just very lonely"))
    assert "suicide_risk" not in codes(assess("他不是想自杀，只是没钱吃饭"))
    assert "bad_smell" not in codes(assess("Haven't seen him for days but there is no smell"))


def test_negation_does_not_reach_across_a_conjunction() -> None:
    assert assess("He has no food and is suicidal").priority is CRITICAL


def test_collapse_stays_critical_when_the_person_cannot_get_up() -> None:
    assert assess("할머니가 쓰러져서 일어나지 않아요").priority is CRITICAL


def test_no_smell_and_no_death_signs_leaves_not_seen_as_high() -> None:
    result = assess("할아버지가 며칠째 안 보이세요. 냄새는 안 나요")
    assert result.priority is HIGH
    assert "possible_death" not in codes(result)


def test_hunger_idiom_is_not_a_death_or_suicide_signal() -> None:
    for text in ("배고파 죽겠다", "배고파죽겠어요 ㅋㅋ", "我饿死了", "I'm starving lol"):
        result = assess(text)
        assert result.priority is LOW, text
        assert not result.imminent_danger


def test_hyperbole_with_death_words_is_low() -> None:
    for text in (
        "더워 죽겠네",
        "웃겨 죽겠다 ㅋㅋㅋ",
        "심심해 죽겠어",
        "笑死我了",
        "I'm dying of laughter",
        "dying to see you",
        "想死你了",
    ):
        assert assess(text).priority is LOW, text


def test_child_hunger_survives_the_idiom() -> None:
    result = assess("옆집 아이가 배고파 죽겠다고 해서 밥을 줬어요")
    assert "child_hunger" in codes(result)
    assert result.priority is HIGH


def test_joking_about_wanting_to_die_is_not_critical() -> None:
    result = assess("시험 망했다 죽고싶다 ㅋㅋㅋ")
    assert result.priority is not CRITICAL
    assert not reason(result, "suicide_risk").imminent


def test_polite_laughter_closing_a_long_message_is_not_a_joke() -> None:
    result = assess("할아버지가 요즘 자꾸 죽고 싶다고 하세요. 한번 방문 부탁드려요 ㅎㅎ")
    assert result.priority is CRITICAL


# --- threats to kill the reporter -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "he says he'll kill me",
        "my husband says he will kill me if I call the police",
        "老公说要杀了我",
        "我要是报警他就会杀了我",
        "남편이 죽여버린대요",
        "남친이 나 죽인대요 무서워요",
        "신고하면 죽인대요",
    ],
)
def test_a_threat_to_kill_the_reporter_is_violence(text: str) -> None:
    # A victim reporting a threat against themselves is in danger (112 / 1366).
    result = assess(text)
    assert result.priority is CRITICAL, result.to_dict()
    assert "violence" in codes(result)


@pytest.mark.parametrize(
    "text",
    [
        "my boss will kill me if I'm late",
        "my mum is going to kill me, I broke her vase",
        "老板要杀了我",
        "我妈要是知道我又熬夜，会打死我的哈哈",
        "又迟到了，死定了",
        "엄마한테 죽었다",
        "나 이제 부장님한테 죽었다 ㅋㅋ",
    ],
)
def test_hyperbole_about_being_killed_is_low(text: str) -> None:
    assert assess(text).priority is LOW, assess(text).to_dict()


def test_an_intensifier_is_not_a_negation() -> None:
    # "장난 아니다" / "no joke" make the smell stronger, not absent.
    for text in ("복도에 가스냄새 장난아니에요", "no joke, the smell of gas is awful"):
        assert assess(text).priority is CRITICAL, text


def test_negation_after_a_noun_phrase_is_a_negation() -> None:
    assert "suicide_risk" not in codes(assess("자살하실 분은 아닌데 요즘 말수가 너무 줄었어요"))


def test_lying_on_the_floor_without_an_answer_is_a_collapse() -> None:
    result = assess("할아버지가 마루에 엎드려 계신데 아무리 불러도 반응이 없으세요")
    assert result.priority is CRITICAL
    assert "collapse" in codes(result)


# --- death behind a closed door, collapse, violence -----------------------------------


def test_not_seen_with_smell_is_possible_death() -> None:
    result = assess("혼자 사시는 할머니가 며칠째안보이시고 집에서 악취가 나요")
    assert result.priority is CRITICAL
    death = reason(result, "possible_death")
    assert death.imminent
    assert "며칠째안보이" in death.matched and "악취" in death.matched


def test_not_seen_with_piled_mail_is_critical() -> None:
    assert assess("일주일째 인기척이 없고 우유가 쌓여 있어요").priority is CRITICAL


def test_piled_mail_and_no_answer_at_door_is_critical() -> None:
    result = assess("Mail is piling up at his door and nobody answers when I knock")
    assert result.priority is CRITICAL
    assert "possible_death" in codes(result)


def test_not_seen_alone_is_high() -> None:
    result = assess("앞집 할아버지가 며칠째 안 보이세요")
    assert result.priority is HIGH
    assert not result.imminent_danger


def test_collapse_is_critical_in_every_language() -> None:
    for text in (
        "할머니가 집 앞에서 쓰러져 계세요",
        "老人昏倒在地上",
        "He collapsed in the hallway",
    ):
        assert assess(text).priority is CRITICAL, text


def test_child_abuse_is_critical() -> None:
    for text in (
        "옆집에서 아이를 때리는 소리가 매일 나요",
        "邻居天天打孩子",
        "The father beats his son",
    ):
        result = assess(text)
        assert result.priority is CRITICAL, text
        assert "child_abuse" in codes(result), text


def test_child_alone_at_night_is_critical_but_by_day_high() -> None:
    night = assess("아이가 혼자 있어요 밤새 엄마가 안 들어왔대요")
    day = assess("아이가 혼자 있어요")
    assert night.priority is CRITICAL
    assert reason(night, "child_alone").imminent
    assert day.priority is HIGH


# --- basic needs, risk factors, noise -------------------------------------------------


def test_spacing_free_utilities_cut_is_high() -> None:
    result = assess("독거어르신댁전기끊겼어요")
    assert result.priority is HIGH
    assert reason(result, "utilities_cut").matched == "전기끊"


def test_isolation_alone_is_normal() -> None:
    assert assess("윗집 청년이 방에서 안 나오고 은둔하는 것 같아요").priority is NORMAL


def test_several_risk_factors_add_up_but_stay_below_critical() -> None:
    single = assess("혼자 사시는 할머니가 편찮으세요")
    many = assess("혼자 사시는 할머니가 편찮으시고 빚도 있고 월세도 밀렸어요")
    assert many.score > single.score
    assert many.priority is not CRITICAL


def test_noise_complaint_is_low_but_says_why() -> None:
    result = assess("윗집 층간소음 때문에 너무 힘들어요")
    assert result.priority is LOW
    assert codes(result) == {"noise_complaint"}


def test_beating_sounds_in_a_noise_complaint_are_still_violence() -> None:
    assert assess("윗집이 시끄러운데 밤마다 여자를 때리는 소리가 나요").priority is CRITICAL


def test_resolved_report_is_low() -> None:
    result = assess("어제 말씀드린 할머니 이제 괜찮으세요. 감사합니다")
    assert result.priority is LOW
    assert "resolved" in codes(result)


def test_reassurance_does_not_clear_suicide_risk() -> None:
    result = assess("어제 죽고 싶다고 하셨는데 지금은 괜찮대요")
    assert result.priority is HIGH


def test_reassurance_keeps_a_danger_to_life_at_high() -> None:
    for text in ("어제 쓰러지셨는데 이제 괜찮으세요", "이제 괜찮다는데 남편이 계속 때려요"):
        result = assess(text)
        assert result.priority is HIGH, text
        assert not result.imminent_danger, text


def test_spam_is_low() -> None:
    assert assess("무직자 당일대출 가능 http://loan.example").priority is LOW


def test_empty_and_whitespace_reports_are_low() -> None:
    for text in ("", "   ", "\n"):
        result = assess(text)
        assert result.priority is LOW
        assert result.score == 0
        assert result.reasons == ()


def test_language_hint_does_not_change_the_result() -> None:
    text = "할머니가 쓰러져 계세요"
    assert assess(text, "en") == assess(text, "ko") == assess(text)


def test_english_reason_quotes_the_original_casing() -> None:
    result = assess("He has NOT BEEN SEEN for days")
    assert reason(result, "not_seen").matched == "has NOT BEEN SEEN for days"


def test_a_missing_bill_is_a_need_not_a_negation() -> None:
    result = assess("할머니가 병원비가 없대요")
    assert "health" in codes(result)
    assert result.priority is NORMAL


def test_one_phrase_is_not_counted_as_two_death_signs() -> None:
    result = assess("他家好幾天沒開燈了")
    assert result.priority is HIGH
    assert "possible_death" not in codes(result)


def test_verbs_that_contain_child_words_do_not_mention_a_child() -> None:
    result = assess("저희 엄마가 돌아가시고 아빠 혼자 지내세요")
    assert "child_alone" not in codes(result)
    assert "earner_loss" in codes(result)


def test_english_words_match_only_as_whole_words() -> None:
    assert assess("She is skilled at fixing drills and loves billiards").priority is LOW


def test_everyday_uses_of_violent_words_are_not_violence() -> None:
    for text in ("비 맞고 다니세요", "주사 맞고 왔어요", "He beat cancer last year"):
        assert "violence" not in codes(assess(text)), text


# --- shape of the result ---------------------------------------------------------------


def test_critical_only_with_an_imminent_reason() -> None:
    result = assess("전기 끊기고 쌀도 없고 월세 밀려서 쫓겨나게 생겼어요 빚도 많고 아프세요")
    assert result.priority is HIGH
    assert result.score < 80


def test_score_is_bounded_and_reasons_are_ordered_by_weight() -> None:
    result = assess("며칠째 안 보이고 냄새 나고 우편물 쌓이고 대답도 없어요 번개탄도 봤어요")
    assert 0 <= result.score <= 100
    assert result.reasons[0].code == "suicide_means"


def test_to_dict_is_json_ready() -> None:
    data = assess("할머니가 쓰러지셨어요").to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["priority"] == "critical"
    assert data["imminent_danger"] is True
    assert data["reasons"] == [{"code": "collapse", "matched": "쓰러지", "imminent": True}]


def test_priority_is_a_string() -> None:
    assert assess("번개탄").priority == "critical"


# --- labelled reports --------------------------------------------------------------------

LABELLED: list[tuple[str, Priority]] = [
    # Korean
    ("할머니가 죽고싶다고 자꾸 하세요", CRITICAL),
    ("아저씨가 농약을 사다 놓으셨어요", CRITICAL),
    ("요즘 유서 같은 걸 쓰신대요", CRITICAL),
    ("수면제를 조금씩 모으고 계세요", CRITICAL),
    ("옆집 할아버지가 며칠째 안 보이시고 문을 두드려도 대답이 없어요", CRITICAL),
    ("[현장] 3통 2반 독거어르신 우편물이 가득 쌓여있고 인기척이 없음", CRITICAL),
    ("일주일째 연락이 안 되는데 집에서 썩는 냄새가 나요", CRITICAL),
    ("할아버지가 넘어져서 못 일어나세요", CRITICAL),
    ("남편이 술만 마시면 아내를 때려요", CRITICAL),
    ("아이가 밤늦게까지 혼자 집에 있고 엄마가 며칠째 안 들어와요", CRITICAL),
    ("살기 싫다고 하시면서 밥도 안 드세요", CRITICAL),
    ("전기가 끊겨서 촛불 켜고 사세요", HIGH),
    ("보일러가 고장났는데 고칠 돈이 없대요", HIGH),
    ("며칠째 밥을 못 먹고 있어요", HIGH),
    ("월세가 밀려서 집주인이 나가라고 한대요", HIGH),
    ("옆집 아이들이 급식만 먹고 저녁은 굶는 것 같아요", HIGH),
    ("혼자 사시는 할머니가 일주일째 안 보이세요", HIGH),
    ("노숙하시는 분이 공원에서 주무세요", HIGH),
    ("혼자 사시는 할아버지가 치매 증상이 있으세요", NORMAL),
    ("남편이 실직하고 카드값이 밀려서 힘들어해요", NORMAL),
    ("윗집 청년이 몇 년째 집 밖으로 안 나와요", NORMAL),
    ("관리비가 3개월째 밀렸대요", NORMAL),
    ("장애가 있는 아드님과 둘이 사시는데 형편이 어려워요", NORMAL),
    ("복지 신청은 어떻게 하나요?", LOW),
    ("운영시간이 어떻게 되나요", LOW),
    ("감사합니다 덕분에 잘 해결됐어요", LOW),
    ("안녕하세요", LOW),
    ("주차 문제로 싸웠어요", LOW),
    ("아 배고파 죽겠다", LOW),
    ("그냥 사라지고 싶다고 하세요", CRITICAL),
    ("그 집 아저씨가 술만 드시면 애들을 때려요", CRITICAL),
    ("초등학생 남매가 밤에 둘이서만 있어요", CRITICAL),
    ("할머니가 보일러를 안 트세요 기름값이 없대요", HIGH),
    ("아들이 연락이 안 된다고 확인해달래요", HIGH),
    ("밥은 잘 드시는데 너무 외로워하세요", NORMAL),
    ("학대 의심은 없어요 그냥 형편이 어려운 집이에요", NORMAL),
    ("할아버지는 농약 치러 밭에 나가셨어요", LOW),
    # English
    ("My neighbour told me he is going to kill himself", CRITICAL),
    ("She keeps collecting her sleeping pills", CRITICAL),
    ("Nobody has seen the old man for a week and there is a terrible smell", CRITICAL),
    ("An elderly woman is lying on the floor and is unresponsive", CRITICAL),
    ("I can hear him beating his wife every night", CRITICAL),
    ("He says there is no reason to live anymore", CRITICAL),
    ("Their electricity was cut off last week", HIGH),
    ("The family has no food and the kids are hungry", HIGH),
    ("They are being evicted on Friday", HIGH),
    ("I haven't seen my neighbour for days", HIGH),
    ("He lost his job and is in debt", NORMAL),
    ("An old man lives alone upstairs and seems very lonely", NORMAL),
    ("What are your opening hours?", LOW),
    ("Thanks for your help!", LOW),
    ("The dog next door is barking all night, so much noise", LOW),
    ("She is fine now, thank you", LOW),
    ("I'm dying to know how this works haha", LOW),
    ("He isn't answering the door and there's a bad smell", CRITICAL),
    ("They are going to cut off the gas tomorrow", HIGH),
    ("I don't think she's suicidal but she hasn't eaten in days", HIGH),
    ("Her phone is dead and she isn't answering", NORMAL),
    ("Can you tell me how to apply for benefits?", LOW),
    # Chinese, Simplified and Traditional
    ("隔壁大爷说不想活了", CRITICAL),
    ("她买了很多安眠药", CRITICAL),
    ("邻居家里有股臭味，老人好几天没出门了", CRITICAL),
    ("我聽到鄰居家暴，一直喊救命", CRITICAL),
    ("奶奶摔倒了起不来", CRITICAL),
    ("他家已經斷電了，沒有暖氣", HIGH),
    ("孩子们好几天没饭吃", HIGH),
    ("房东要把他们赶出去", HIGH),
    ("独居老人，最近生病了", NORMAL),
    ("他失业了，欠了很多债", NORMAL),
    ("你好，请问怎么举报？", LOW),
    ("楼上太吵了，天天装修", LOW),
    ("笑死我了哈哈", LOW),
    ("謝謝你們，奶奶已經沒事了", LOW),
    ("已經三天沒看到隔壁阿婆了，門口的報紙堆了好多", CRITICAL),
    ("孩子說媽媽打他，身上有傷痕", CRITICAL),
    ("邻居家天天吵架，还听到摔东西的声音", CRITICAL),
    ("老人家里暖气坏了，冻得睡不着", HIGH),
    ("爺爺一個人住，最近不太出門", NORMAL),
    ("我不是說他想自殺，只是擔心他沒工作", NORMAL),
    ("请问你们几点上班？", LOW),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED, ids=[text[:30] for text, _ in LABELLED])
def test_labelled_report_gets_expected_priority(text: str, expected: Priority) -> None:
    result = assess(text)
    assert result.priority is expected, result.to_dict()


def test_every_critical_labelled_report_is_imminent_danger() -> None:
    for text, expected in LABELLED:
        assert assess(text).imminent_danger is (expected is CRITICAL), text


def _codes(text: str) -> set[str]:
    return {reason.code for reason in assess(text).reasons}


@pytest.mark.parametrize(
    "text",
    [
        "할아버지가 수면제 보름치를 한번에 드셨대요",
        "he necked a month's worth of his antidepressants",
        "她把半个月的安眠药一口气都吃了",
    ],
)
def test_days_of_medicine_at_once_is_a_suicide_means(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.CRITICAL
    assert "suicide_means" in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "12층 창문 밖으로 할머니가 몸을 반쯤 내밀고 계세요",
        "a woman is leaning way out of a top-floor window",
        "對面有人把身子探出窗外",
    ],
)
def test_leaning_out_of_a_high_window_is_a_fall_risk(text: str) -> None:
    assert assess(text).priority is Priority.CRITICAL
    assert "fall_risk" in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "my dad's face has drooped on the left and he can't lift his arm",
        "she's slurring her words and one side of her mouth has dropped",
        "엄마 말이 갑자기 어눌해지셨어요",
        "爷爷口齿不清，半边脸麻了",
    ],
)
def test_stroke_signs_are_a_collapse(text: str) -> None:
    assert assess(text).priority is Priority.CRITICAL
    assert "collapse" in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "my friend texted this is the last message anyone will get from me",
        "오빠가 이게 마지막 문자라고 보냈어요",
        "他发消息说这是最后一次跟大家说话",
    ],
)
def test_a_last_message_is_a_suicide_risk(text: str) -> None:
    assert assess(text).priority is Priority.CRITICAL


def test_a_location_on_a_viaduct_after_a_goodbye_is_critical() -> None:
    text = "he sent a goodbye text and now his location says he's at the flyover, phone off"
    assert assess(text).priority is Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "옆집 꼬마가 며칠째 똑같은옷 입고 다니고 씻지도 못한것 같아요",
        "the little boy at 9 always turns up in the same dirty clothes",
        "樓下的小孩天天穿同一件衣服，身上有味道",
    ],
)
def test_a_child_in_the_same_unwashed_clothes_is_neglect_to_check(text: str) -> None:
    result = assess(text)
    assert result.priority is Priority.NORMAL
    assert "child_neglect" in _codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "극단적 선택을 할 마음은 전혀 없다고 하셨어요 그냥 우울하시대요",
        "죽고싶다 이런 얘기는 안하시는데 요즘 많이 우울해하세요",
    ],
)
def test_a_denied_thought_some_words_after_the_danger_is_a_negation(text: str) -> None:
    assert assess(text).priority is Priority.NORMAL


def test_a_suicide_thought_with_nothing_but_thoughts_is_still_critical() -> None:
    assert assess("요즘 죽고싶은 생각밖에 없다고 하세요").priority is Priority.CRITICAL


@pytest.mark.parametrize(
    "text",
    [
        "不想活了那句是他开玩笑的，别担心",
        "자살하고싶다는건 농담이래요 그래도 한번 봐주세요",
    ],
)
def test_a_wish_to_die_said_as_a_joke_is_not_critical(text: str) -> None:
    assert assess(text).priority is not Priority.CRITICAL


def test_not_joking_keeps_the_danger() -> None:
    assert assess("他说不是开玩笑，真的想死").priority is Priority.CRITICAL


def test_a_parent_threat_told_in_fear_is_not_hyperbole() -> None:
    assert assess("애가 엄마가 죽인다고 했다면서 덜덜 떨고있어요").priority is Priority.CRITICAL
    assert assess("엄마한테 죽었다 성적표 나왔어").priority is Priority.LOW


@pytest.mark.parametrize(
    "text",
    [
        "Congratulations, you have been selected to receive a gift card",
        "축하드립니다 경품 이벤트에 당첨되셨습니다 바로가기",
        "恭喜你中奖了，回复1领取",
    ],
)
def test_prize_spam_is_low(text: str) -> None:
    assert assess(text).priority is Priority.LOW


@pytest.mark.parametrize(
    "text",
    [
        "구청에서 전화를 안받아요 민원 때문에요",
        "the council isn't answering the phone about our parking permit",
        "獨居的伯伯兩天都聯絡不到",  # a person unreachable, for contrast
    ],
)
def test_an_office_that_does_not_pick_up_is_no_one_gone_quiet(text: str) -> None:
    codes = _codes(text)
    if "伯伯" in text:
        assert "unreachable" in codes
    else:
        assert "unreachable" not in codes


@pytest.mark.parametrize(
    "text",
    [
        "욕실 하수구에서 냄새가 올라와요",
        "the kitchen drain stinks again",
        "下水道有臭味",
        "the stairwell is a fire hazard with all those bikes",
        "走廊里堆满了快递箱",
        "창문을 못열겠어요 벌레가 많아서요",
    ],
)
def test_the_building_smelling_or_cluttered_is_not_a_household_sign(text: str) -> None:
    assert assess(text).priority is Priority.LOW


def test_a_room_not_left_for_months_is_isolation_not_a_disappearance() -> None:
    text = "my nephew hasn't left his bedroom in a year"
    codes = _codes(text)
    assert "isolation" in codes
    assert "not_seen" not in codes
