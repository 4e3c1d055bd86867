"""KakaoTalk end to end: a fake Kakao platform sends SkillRequests to the real app, the
answers carry the dialogue, and staff replies reach the resident by the routes Kakao has."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func
from sqlmodel import Session, select

from bot.catalog import t
from storage.models import Case, InboxUpdate
from tests.fake_kakao import (
    BOT_ID,
    EVENT_NAME,
    REST_API_KEY,
    SKILL_SECRET,
    FakeKakao,
    KakaoUser,
    check_limits,
    quick_replies,
    texts,
)
from tests.harness import bearer
from webhook.app import create_app
from webhook.runtime import Runtime
from webhook.settings import Settings

REFERENCE = re.compile(r"SG-[2-9A-HJ-NP-Z]{6}")


@pytest.fixture(scope="session")
def kakao_server() -> Iterator[FakeKakao]:
    fake = FakeKakao()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_kakao(kakao_server: FakeKakao) -> FakeKakao:
    kakao_server.calls.clear()
    kakao_server.photos.clear()
    kakao_server.refuse_events = False
    return kakao_server


class Kakao:
    """The running app with the KakaoTalk channel on (and Telegram's fake for staff alerts)."""

    def __init__(self, client: httpx.AsyncClient, runtime: Runtime):
        self.client = client
        self.runtime = runtime

    def staff_token(self) -> str:
        from storage import staff as staff_repo
        from storage.db import session_scope

        with session_scope(self.runtime.engine) as session:
            account = staff_repo.create_staff(
                session, username="kim", password="correct horse battery", role="staff", team=None
            )
            assert account.id is not None
            return staff_repo.issue_token(session, staff_id=account.id)

    async def case(self, token: str) -> dict[str, Any]:
        items = (await self.client.get("/api/cases", headers=bearer(token))).json()["items"]
        assert len(items) == 1
        found = await self.client.get(f"/api/cases/{items[0]['id']}", headers=bearer(token))
        return dict(found.json())


def kakao_settings(settings: Settings, fake: FakeKakao, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "kakao_skill_secret": SKILL_SECRET,
        "kakao_bot_id": BOT_ID,
        "kakao_rest_api_key": REST_API_KEY,
        "kakao_api_url": fake.url,
    }
    return settings.replace(**{**values, **changes})


async def _start(settings: Settings) -> AsyncIterator[Kakao]:
    app = create_app(settings)
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sagak.test") as client:
            yield Kakao(client, app.state.runtime)


@pytest.fixture
async def kakao(settings: Settings, fake_kakao: FakeKakao) -> AsyncIterator[Kakao]:
    async for running in _start(kakao_settings(settings, fake_kakao)):
        yield running


async def eventually(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until `check` returns something truthy (work done by background tasks)."""
    for _ in range(int(timeout / 0.02)):
        found = check()
        if found:
            return found
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def stored(kakao: Kakao) -> int:
    with Session(kakao.runtime.engine) as session:
        return int(session.exec(select(func.count()).select_from(InboxUpdate)).one())


async def test_requests_without_the_secret_or_for_another_bot_are_refused_and_not_stored(
    kakao: Kakao,
) -> None:
    body = KakaoUser("u-refused").request("옆집 할머니가 안 보여요")
    missing = await kakao.client.post("/kakao/skill", json=body)
    wrong = await kakao.client.post(
        "/kakao/skill", json=body, headers={"X-Sagak-Kakao-Secret": "guess"}
    )
    other_bot = KakaoUser("u-refused", bot_id="someone-else").request("옆집")
    foreign = await kakao.client.post(
        "/kakao/skill", json=other_bot, headers={"X-Sagak-Kakao-Secret": SKILL_SECRET}
    )
    not_skill = await kakao.client.post(
        "/kakao/skill", json={"userRequest": {}}, headers={"X-Sagak-Kakao-Secret": SKILL_SECRET}
    )
    assert [r.status_code for r in (missing, wrong, foreign, not_skill)] == [401, 403, 403, 400]
    assert stored(kakao) == 0
    details = (await kakao.client.get("/healthz/details")).json()
    assert details["kakao"] is True and details["event_api"] is True


async def test_the_channel_is_off_without_a_skill_secret(
    settings: Settings, fake_kakao: FakeKakao
) -> None:
    async for off in _start(kakao_settings(settings, fake_kakao, kakao_skill_secret=None)):
        body = KakaoUser("u-off").request("안녕하세요")
        refused = await off.client.post(
            "/kakao/skill", json=body, headers={"X-Sagak-Kakao-Secret": SKILL_SECRET}
        )
        assert refused.status_code == 403
        assert stored(off) == 0


async def test_a_report_gets_its_receipt_and_the_danger_question_in_the_answer(
    kakao: Kakao,
) -> None:
    resident = KakaoUser("u-ko-1")
    answer = await resident.say(
        kakao.client, "옆집 할머니가 요즘 통 안 보이시고 집이 너무 추워 보여요"
    )
    said = "\n".join(texts(answer))
    assert REFERENCE.search(said) and "112" in said
    # The danger question's buttons are quick replies, in the dialogue's order.
    assert quick_replies(answer)[:3] == [
        t("ko", "answer.danger_yes"),
        t("ko", "answer.danger_no"),
        t("ko", "answer.danger_unsure"),
    ]
    tapped = await resident.say(kakao.client, t("ko", "answer.danger_yes"))
    assert any("112" in text for text in texts(tapped))
    token = kakao.staff_token()
    case = await kakao.case(token)
    assert case["channel"] == "kakao"
    assert case["priority"] == "critical"
    assert case["danger_answer"] == "yes"


async def test_a_life_at_risk_report_in_english_gets_the_emergency_numbers_first(
    kakao: Kakao,
) -> None:
    resident = KakaoUser("u-en-1", lang="en")
    answer = await resident.say(
        kakao.client, "My neighbour collapsed and is not breathing, I think he is dying"
    )
    first = texts(answer)[0]
    assert "112" in first and "119" in first
    case = await kakao.case(kakao.staff_token())
    assert case["priority"] == "critical"


async def test_a_staff_reply_comes_first_in_the_answer_to_the_next_message(
    settings: Settings, fake_kakao: FakeKakao
) -> None:
    # Without a REST API key the reply waits for the resident's next message.
    async for kakao in _start(kakao_settings(settings, fake_kakao, kakao_rest_api_key=None)):
        resident = KakaoUser("u-zh-1", lang="zh")
        await resident.say(kakao.client, "隔壁老奶奶家里好像没有吃的了")
        asked = await resident.say(kakao.client, t("zh", "answer.danger_no"))
        # No location button in KakaoTalk: the question asks for a typed address, or skip.
        assert texts(asked) == [t("zh", "report.ask_location.kakao")]
        assert quick_replies(asked) == [t("zh", "button.skip")]
        await resident.say(kakao.client, t("zh", "button.skip"))
        token = kakao.staff_token()
        case = await kakao.case(token)
        reply = await kakao.client.post(
            f"/api/cases/{case['id']}/reply",
            json={"text": "谢谢，我们今天去看看。"},
            headers=bearer(token),
        )
        assert reply.status_code == 202
        waiting = [m for m in (await kakao.case(token))["messages"] if m["author"] == "staff"]
        assert waiting[0]["delivery"] == "waiting" and waiting[0]["delivery_route"] is None
        answer = await resident.say(kakao.client, "谢谢")
        assert "谢谢，我们今天去看看。" in texts(answer)[0]
        assert t("zh", "menu.cases") in quick_replies(answer)
        delivered = [m for m in (await kakao.case(token))["messages"] if m["author"] == "staff"]
        assert delivered[0]["delivery"] == "sent"
        assert delivered[0]["delivery_route"] == "kakao_answer"
        again = await resident.say(kakao.client, t("zh", "menu.cases"))
        assert not any("谢谢，我们今天去看看。" in text for text in texts(again))
        assert fake_kakao.calls == []


async def test_the_event_api_announces_a_reply_and_the_event_block_delivers_it_once(
    kakao: Kakao, fake_kakao: FakeKakao
) -> None:
    resident = KakaoUser("u-friend-1")
    await resident.say(kakao.client, "옆집 아이가 밤늦게까지 혼자 있어요")
    token = kakao.staff_token()
    case = await kakao.case(token)
    await kakao.client.post(
        f"/api/cases/{case['id']}/reply",
        json={"text": "오늘 방문하겠습니다."},
        headers=bearer(token),
    )
    await eventually(lambda: fake_kakao.calls)
    call = fake_kakao.calls[0]
    assert call.authorization == f"KakaoAK {REST_API_KEY}"
    assert call.body["event"]["name"] == EVENT_NAME
    assert call.body["user"] == [{"type": "botUserKey", "id": "u-friend-1"}]
    # Accepted is not delivered: the reply still waits, marked as announced.
    staff = [m for m in (await kakao.case(token))["messages"] if m["author"] == "staff"]
    assert staff[0]["delivery"] == "announced" and staff[0]["delivered_at"] is None
    answer = await resident.send(kakao.client, resident.event())
    assert "오늘 방문하겠습니다." in texts(answer)[0]
    staff = [m for m in (await kakao.case(token))["messages"] if m["author"] == "staff"]
    assert staff[0]["delivery_route"] == "kakao_event"
    assert kakao.runtime.kakao_events is not None
    assert await kakao.runtime.kakao_events.announce_waiting() == 0
    assert len(fake_kakao.calls) == 1
    later = await resident.say(kakao.client, "감사합니다")
    assert not any("오늘 방문하겠습니다." in text for text in texts(later))


async def test_a_resident_who_has_not_added_the_channel_is_told_and_not_announced(
    kakao: Kakao, fake_kakao: FakeKakao
) -> None:
    resident = KakaoUser("u-stranger-1", friend=False)
    answer = await resident.say(kakao.client, "옆집 할아버지가 며칠째 안 보이세요")
    assert texts(answer)[-1] == t("ko", "kakao.add_channel")
    token = kakao.staff_token()
    case = await kakao.case(token)
    await kakao.client.post(
        f"/api/cases/{case['id']}/reply", json={"text": "확인하겠습니다."}, headers=bearer(token)
    )
    assert kakao.runtime.kakao_events is not None
    assert await kakao.runtime.kakao_events.announce_waiting() == 0
    assert fake_kakao.calls == []
    answer = await resident.say(kakao.client, "감사합니다")
    assert "확인하겠습니다." in texts(answer)[0]


async def test_a_turn_past_the_budget_answers_holding_and_the_replies_come_next_time(
    kakao: Kakao, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webhook import routes_kakao

    monkeypatch.setattr(routes_kakao, "ANSWER_BUDGET", 0)
    resident = KakaoUser("u-slow-1")
    held = await resident.say(kakao.client, "옆집 할머니 댁에 며칠째 불이 꺼져 있어요")
    assert texts(held) == [t("ko", "kakao.holding")]
    monkeypatch.setattr(routes_kakao, "ANSWER_BUDGET", 3.0)
    token = kakao.staff_token()
    answer = await resident.say(kakao.client, t("ko", "menu.cases"))
    assert REFERENCE.search("\n".join(texts(answer)))
    case = await kakao.case(token)  # the second message joined the same case
    assert case["reference"] in "\n".join(texts(answer))


async def test_a_volunteer_types_their_invite_code_in_kakaotalk(kakao: Kakao) -> None:
    token = kakao.staff_token()
    invite = await kakao.client.post(
        "/api/volunteers/invites", json={"name": "김이장"}, headers=bearer(token)
    )
    volunteer = KakaoUser("u-volunteer-1")
    welcome = await volunteer.say(kakao.client, invite.json()["code"])
    assert any("김이장" in text for text in texts(welcome))
    await volunteer.say(kakao.client, "[현장] 3통 2반 어르신 댁 우편물이 일주일째 쌓여 있음")
    items = (await kakao.client.get("/api/cases", headers=bearer(token))).json()["items"]
    assert [item["source"] for item in items] == ["volunteer"]


async def test_a_request_left_behind_by_a_crash_is_played_before_the_message_sent_again(
    kakao: Kakao,
) -> None:
    """The process died after storing the request (Kakao timed out): the resident sends it
    again, and both land in one case with one receipt."""
    from bot.channels.kakao import skill
    from bot.channels.kakao.request import parse

    resident = KakaoUser("u-crash-1")
    words = "옆집 할머니 댁 앞에 우유가 쌓여 있어요"
    body = resident.request(words)
    skill.store(kakao.runtime.engine, parse(body), body)  # stored, never played
    answer = await resident.say(kakao.client, words)
    said = "\n".join(texts(answer))
    assert len(REFERENCE.findall(said)) >= 1
    token = kakao.staff_token()
    case = await kakao.case(token)  # exactly one case
    inbound = [m["text"] for m in case["messages"] if m["direction"] == "in"]
    assert inbound == [words, words]
    assert case["reference"] in said


class RecordingNotifier:
    """Stands in for an AlimTalk dealer (a contract sagak's tests cannot run)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def notify(self, *, phone: str, text: str) -> str:
        self.sent.append((phone, text))
        return f"dealer-{len(self.sent)}"


async def test_a_consenting_reporter_the_event_api_cannot_reach_gets_one_alimtalk_nudge(
    kakao: Kakao,
) -> None:
    from bot.channels.kakao.alimtalk import LoggingNotifier, mask
    from storage import reporters

    resident = KakaoUser("u-nudge-1", friend=False)
    await resident.say(kakao.client, "옆집 어르신이 며칠째 안 보이세요")
    with Session(kakao.runtime.engine) as session:
        found = reporters.find(session, channel="kakao", channel_user_id="u-nudge-1")
        assert found is not None
        reporters.set_contact(session, reporter=found, consent=True, phone="010-1234-5678")
        session.commit()
    token = kakao.staff_token()
    case = await kakao.case(token)
    dealer = RecordingNotifier()
    assert kakao.runtime.reply_nudges is not None
    kakao.runtime.reply_nudges.notifier = dealer  # the city's dealer instead of the log
    await kakao.client.post(
        f"/api/cases/{case['id']}/reply", json={"text": "전화 드리겠습니다."}, headers=bearer(token)
    )
    await eventually(lambda: dealer.sent)
    assert kakao.runtime.reply_nudges is not None
    assert await kakao.runtime.reply_nudges.nudge_waiting() == 0  # once per reply
    assert dealer.sent == [
        ("010-1234-5678", t("ko", "kakao.alimtalk", reference=case["reference"]))
    ]
    staff = [m for m in (await kakao.case(token))["messages"] if m["author"] == "staff"]
    assert staff[0]["delivery"] == "nudged" and staff[0]["delivered_at"] is None
    assert await LoggingNotifier().notify(phone="010-1234-5678", text="x") == "logged"
    assert mask("010-1234-5678") == "***5678"
    answer = await resident.say(kakao.client, "네 알겠습니다")
    assert any("전화 드리겠습니다." in text for text in texts(answer))


async def test_the_event_api_names_at_most_100_residents_per_call_and_a_refusal_waits(
    settings: Settings, fake_kakao: FakeKakao
) -> None:
    # The app runs without its own Event API sender; the test drives one.
    async for kakao in _start(kakao_settings(settings, fake_kakao, kakao_rest_api_key=None)):
        await _announce_many(kakao, fake_kakao)


async def _announce_many(kakao: Kakao, fake_kakao: FakeKakao) -> None:
    from bot.channels.kakao.events import KakaoEvents
    from bot.inbound import Reply
    from bot.outgoing import enqueue_reply
    from storage import cases, reporters
    from storage.channels import kakao_chat_id
    from triage import assess

    engine = kakao.runtime.engine
    with Session(engine) as session:
        for number in range(130):
            key = f"u-many-{number}"
            reporter, _ = reporters.get_or_create(
                session,
                channel="kakao",
                channel_user_id=key,
                chat_id=kakao_chat_id(key),
                language="ko",
            )
            reporter.channel_friend = True
            assert reporter.id is not None
            text = "옆집 어르신이 안 보여요"
            case = cases.create_case(
                session, reporter_id=reporter.id, text=text, assessment=assess(text, "ko")
            )
            reply = Reply(reporter.chat_id, "확인했습니다", "ko", case_id=case.id)
            enqueue_reply(session, reply, author="staff")
        session.commit()
    events = KakaoEvents(
        engine,
        api_url=fake_kakao.url,
        bot_id=BOT_ID,
        rest_api_key=REST_API_KEY,
        event_name=EVENT_NAME,
    )
    fake_kakao.refuse_events = True
    assert await events.announce_waiting() == 0
    assert [len(call.body["user"]) for call in fake_kakao.calls] == [100, 30]
    token = kakao.staff_token()
    page = (await kakao.client.get("/api/cases", headers=bearer(token))).json()["items"]
    detail = await kakao.client.get(f"/api/cases/{page[0]['id']}", headers=bearer(token))
    staff = [m for m in detail.json()["messages"] if m["author"] == "staff"]
    assert staff[0]["delivery"] == "waiting" and "403" in staff[0]["delivery_error"]
    await events.close()


async def test_staff_pages_say_how_a_kakaotalk_reply_went_and_count_reports_by_channel(
    settings: Settings, fake_kakao: FakeKakao
) -> None:
    from tests.staff_pages import start_pages

    async with start_pages(kakao_settings(settings, fake_kakao, kakao_rest_api_key=None)) as pages:
        resident = KakaoUser("u-pages-1")
        skill = pages.http()
        await resident.say(skill, "옆집 할머니가 며칠째 안 보이세요")
        kim = await pages.login("kim")
        case_id = (await pages.wait_for_row(Case)).id
        await kim.post(f"/admin/cases/{case_id}/reply", {"text": "내일 찾아뵙겠습니다"})
        waiting = (await kim.get(f"/admin/cases/{case_id}")).text
        assert t("ko", "admin.delivery.waiting") in waiting
        await resident.say(skill, "감사합니다")
        delivered = (await kim.get(f"/admin/cases/{case_id}")).text
        assert t("ko", "admin.route.kakao_answer") in delivered
        stats = (await kim.get("/admin/stats")).text
        assert t("ko", "admin.stats.chart_channel") in stats
        assert '<rect class="c-kakao"' in stats


async def test_forget_in_kakaotalk_says_goodbye_and_keeps_no_key(kakao: Kakao) -> None:
    from storage.models import OutboxMessage, Reporter

    resident = KakaoUser("u-forget-1")
    await resident.say(kakao.client, "옆집 아이가 밤에 혼자 울어요")
    asked = await resident.say(kakao.client, "/forget")
    assert t("ko", "forget.yes") in quick_replies(asked)
    bye = await resident.say(kakao.client, t("ko", "forget.yes"))
    assert texts(bye) and texts(bye)[0] != t("ko", "kakao.nothing_new")
    with Session(kakao.runtime.engine) as session:
        keys = {row.channel_user_id for row in session.exec(select(OutboxMessage))}
        keys |= {row.channel_user_id for row in session.exec(select(InboxUpdate))}
        keys |= {row.channel_user_id for row in session.exec(select(Reporter))}
        payloads = [row.payload for row in session.exec(select(InboxUpdate))]
    assert "u-forget-1" not in keys
    assert all("u-forget-1" not in payload for payload in payloads)


async def test_the_welcome_block_without_words_gets_the_greeting_naming_kakaotalk(
    kakao: Kakao,
) -> None:
    answer = await KakaoUser("u-welcome-1").say(kakao.client, "")
    said = "\n".join(texts(answer))
    assert "카카오톡" in said and "텔레그램" not in said
    assert t("ko", "menu.report") in quick_replies(answer)
    assert (await kakao.client.get("/api/cases", headers=bearer(kakao.staff_token()))).json()[
        "items"
    ] == []


async def test_an_earlier_request_that_keeps_failing_does_not_block_the_resident(
    kakao: Kakao,
) -> None:
    from storage import inbox
    from storage.channels import kakao_chat_id

    engine = kakao.runtime.engine
    broken = inbox.new_request_id()
    inbox.store_update(
        engine,
        update_id=broken,
        chat_id=kakao_chat_id("u-stuck-1"),
        payload='{"userRequest": {}}',
        channel="kakao",
        channel_user_id="u-stuck-1",
    )
    resident = KakaoUser("u-stuck-1")
    answer = await resident.say(kakao.client, "옆집 할머니가 안 보이세요")
    assert REFERENCE.search("\n".join(texts(answer)))
    with Session(engine) as session:
        row = session.get(InboxUpdate, broken)
        assert row is not None and row.status == "pending" and row.attempts == 1


async def test_secure_image_photos_are_downloaded_at_once_and_kept_by_sagak(
    kakao: Kakao, fake_kakao: FakeKakao
) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + b"kakao photo" * 50
    fresh = fake_kakao.photo_url("fresh.jpg", jpeg)
    second = fake_kakao.photo_url("second.jpg", b"\x89PNG\r\n\x1a\n" + b"p" * 40)
    not_a_photo = fake_kakao.photo_url("odd.bin", b"MZ\x90\x00 not an image")
    resident = KakaoUser("u-photo-1")
    await resident.say(kakao.client, "옆집 마당에 쓰레기가 가득 쌓였어요")
    answer = await resident.send(kakao.client, resident.secure_image([fresh, second, not_a_photo]))
    # The file that is no photo is refused, and the resident hears why.
    assert t("ko", "attachment.refused.unknown_type") in texts(answer)
    token = kakao.staff_token()
    case = await kakao.case(token)
    kept = [(a["status"], a["content_type"]) for a in case["attachments"]]
    assert kept == [("stored", "image/jpeg"), ("stored", "image/png"), ("refused", None)]
    photo = await kakao.client.get(case["attachments"][0]["url"], headers=bearer(token))
    assert photo.status_code == 200 and photo.content == jpeg
    # The URLs expire: sagak does not need them again.
    fake_kakao.photos.clear()
    again = await kakao.client.get(case["attachments"][0]["url"], headers=bearer(token))
    assert again.content == jpeg


async def test_a_photo_url_that_expired_before_the_download_is_shown_as_lost(
    kakao: Kakao, fake_kakao: FakeKakao
) -> None:
    expired = fake_kakao.photo_url("old.jpg", b"\xff\xd8\xff\xe0old", lifetime=-1)
    resident = KakaoUser("u-photo-2")
    await resident.say(kakao.client, "옆집 어르신 댁 창문이 깨져 있어요")
    await resident.send(kakao.client, resident.secure_image([expired]))
    case = await kakao.case(kakao.staff_token())
    assert [a["status"] for a in case["attachments"]] == ["failed"]


async def test_junk_bodies_get_clear_answers_and_the_next_report_its_receipt(
    kakao: Kakao,
) -> None:
    headers = {"X-Sagak-Kakao-Secret": SKILL_SECRET, "Content-Type": "application/json"}
    junk = KakaoUser("u-junk")
    wrong_types = junk.request("안녕")
    wrong_types["userRequest"]["utterance"] = 12
    wrong_user = junk.request("안녕")
    wrong_user["userRequest"]["user"] = ["not", "a", "user"]
    refused = [
        await kakao.client.post("/kakao/skill", content=b"\x00\xff{not json", headers=headers),
        await kakao.client.post("/kakao/skill", json=wrong_user, headers=headers),
        await kakao.client.post("/kakao/skill", json=[1, 2], headers=headers),
    ]
    assert [r.status_code for r in refused] == [400, 400, 400]
    assert stored(kakao) == 0
    # Odd text is still a message: answered within Kakao's limits, never a 5xx.
    lone_surrogate = json.dumps(junk.request("x")).replace('"x"', '"\\ud800 할머니"').encode()
    odd = [
        await kakao.client.post("/kakao/skill", json=wrong_types, headers=headers),
        await kakao.client.post("/kakao/skill", content=lone_surrogate, headers=headers),
        await kakao.client.post(
            "/kakao/skill", json=junk.request("할머니\x00가 안 보여요"), headers=headers
        ),
        await kakao.client.post("/kakao/skill", json=junk.request("아" * 4096), headers=headers),
    ]
    assert all(r.status_code in (200, 400) for r in odd), [r.text for r in odd]
    for answer in (r.json() for r in odd if r.status_code == 200):
        check_limits(answer)

    resident = KakaoUser("u-after-junk")
    answer = await resident.say(kakao.client, "옆집 할아버지 댁에 며칠째 전기가 끊겨 있어요")
    assert any(REFERENCE.search(text) for text in texts(answer))
