"""Residents asking for help resources: hotlines, then partner organisations near them."""

from __future__ import annotations

from bot.catalog import t
from storage import partners
from storage.db import session_scope
from storage.partners import PartnerFields
from tests.e2e.conversation_kit import Chat, no_danger
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak, start_sagak
from tests.updates import Person
from webhook.settings import Settings


def _directory(sagak: Sagak) -> None:
    with session_scope(sagak.engine) as session:
        for fields in (
            PartnerFields("동문 푸드뱅크", ["food"], ["동문1동"], "041-000-0001", "평일 9-18시"),
            PartnerFields("대산 노인복지관", ["elderly", "care"], ["대산읍"], "041-000-0002"),
            PartnerFields("서산 법률홈닥터", ["legal"], [], "041-000-0003"),
            PartnerFields("내부 의뢰 전용 기관", ["health"], [], "041-000-0004", public=False),
        ):
            partners.create_partner(session, fields)


async def test_help_lists_partners_serving_the_residents_district(
    settings: Settings, fake_telegram: FakeTelegram
) -> None:
    config = settings.replace(districts_file="builtin:seosan")
    async with start_sagak(config) as sagak:
        _directory(sagak)
        chat = Chat(sagak, fake_telegram, Person(7801, "ko"))
        _, listing = await chat.say("/help 대산", expect=2)
        text = listing.params["text"]
        assert "대산읍" in text
        assert "대산 노인복지관" in text and "서산 법률홈닥터" in text
        assert "동문 푸드뱅크" not in text
        assert "내부 의뢰 전용 기관" not in text  # staff-only partners are not listed

        # Without a place, the district of the resident's own report is used.
        other = Chat(sagak, fake_telegram, Person(7802, "en"))
        await other.say("The grandmother next door has had nothing to eat for days")
        await no_danger(other)
        await other.say("동문1동 3-12", expect=2)
        _, nearby = await other.say("/help", expect=2)
        assert "동문 푸드뱅크" in nearby.params["text"]
        assert "Food" in nearby.params["text"] or "food" in nearby.params["text"].lower()
        assert "대산 노인복지관" not in nearby.params["text"]

        # A location shared outside a report: who can help around there, and the prompt.
        visitor = Chat(sagak, fake_telegram, Person(7804, "ko"))
        prompt, around = await visitor.send(visitor.person.location(36.95, 126.40), expect=2)
        assert prompt.params["text"] == t("ko", "report.new_prompt")
        assert "대산읍" in around.params["text"] and "대산 노인복지관" in around.params["text"]
        assert visitor.cases() == []


async def test_help_without_a_directory_gives_the_hotlines_only(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    chat = Chat(sagak, fake_telegram, Person(7803, "zh"))
    [help_text] = await chat.say("/help")
    assert "129" in help_text.params["text"]
    [unknown] = await chat.say("/help 没有这个地方")
    assert unknown.params["text"].startswith(t("zh", "help", hotlines="")[:4])
