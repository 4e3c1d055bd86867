"""Round trips the dialogue unit tests (tests/bot) cannot make: commands registered with
Telegram, and group content redacted in the stored updates."""

from __future__ import annotations

import json

from sqlmodel import Session, col, select

from bot.catalog import t
from storage.models import InboxUpdate
from tests.fake_telegram import FakeTelegram
from tests.harness import Sagak
from tests.updates import Person, in_group


async def test_commands_are_registered_in_every_language(
    sagak: Sagak, fake_telegram: FakeTelegram
) -> None:
    calls = await fake_telegram.wait_for(method="setMyCommands", count=4)
    by_language = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(by_language) == {None, "ko", "en", "zh"}
    assert [c["command"] for c in by_language["en"]] == [
        "new",
        "cases",
        "language",
        "help",
        "cancel",
        "forget",
    ]
    assert by_language["zh"][0]["description"] == t("zh", "command.new")


async def test_group_content_is_not_kept(sagak: Sagak, fake_telegram: FakeTelegram) -> None:
    member = Person(6050)
    update = in_group(member.text("우리 동네 할머니 얘기인데요"), group_id=-100556)
    await sagak.deliver(update)
    command = in_group(member.text("/start"), group_id=-100556)
    await sagak.deliver(command)
    [pointer] = await fake_telegram.wait_for(chat_id=-100556)
    assert pointer.params["text"] == t("ko", "private_only")
    with Session(sagak.engine) as session:
        payloads = session.exec(
            select(InboxUpdate.payload).where(
                col(InboxUpdate.update_id).in_([update["update_id"], command["update_id"]])
            )
        ).all()
    assert all(json.loads(p).get("redacted") == "group" for p in payloads)
    assert all("할머니" not in p for p in payloads)
