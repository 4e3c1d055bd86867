"""Self-tests for tests/fake_telegram.py, driven by the real python-telegram-bot ``Bot``."""

import datetime as dtm

import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.fake_telegram import FakeTelegram, Upload


@pytest.fixture
def fake():
    with FakeTelegram() as f:
        yield f


@pytest.fixture
async def bot(fake):
    async with telegram.Bot(
        fake.token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot"
    ) as b:
        yield b


@pytest.mark.asyncio
async def test_get_me(bot, fake):
    me = await bot.get_me()
    assert me.username == "sagak_test_bot"
    assert me.is_bot and me.id == 123456
    assert bot.username == "sagak_test_bot"
    assert fake.calls[0].method == "getMe"


@pytest.mark.asyncio
async def test_send_message_records_text_and_decoded_markup(bot, fake):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y:1")]])
    msg = await bot.send_message(42, "123", reply_markup=markup, disable_notification=True)
    second = await bot.send_message(42, "hello")
    assert msg.text == "123" and msg.chat.id == 42 and msg.chat.type == "private"
    assert msg.reply_markup == markup
    assert second.message_id == msg.message_id + 1
    (call, _) = fake.sent(chat_id=42)
    assert call.params["chat_id"] == 42
    assert call.params["text"] == "123"  # plain strings are not JSON-decoded
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "y:1"}]]
    }
    assert fake.texts(42) == ["123", "hello"]
    assert fake.texts(7) == []
    group = await bot.send_message(-100, "hi group")
    assert group.chat.type == "group"


@pytest.mark.asyncio
async def test_fail_next_500_raises_network_error_once(bot, fake):
    fake.fail_next(500)
    with pytest.raises(NetworkError):
        await bot.send_message(1, "first")
    await bot.send_message(1, "second")
    assert fake.texts() == ["second"]
    assert [c.status for c in fake.calls if c.method == "sendMessage"] == [500, 200]


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # int retry_after
async def test_rate_limit_raises_retry_after(bot, fake):
    fake.rate_limit_next(retry_after=1)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1, "x")
    ra = info.value.retry_after
    assert (ra.total_seconds() if isinstance(ra, dtm.timedelta) else ra) == 1
    assert fake.calls[-1].status == 429
    await bot.send_message(1, "y")


@pytest.mark.asyncio
async def test_block_chat_raises_forbidden(bot, fake):
    fake.block_chat(5)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(5, "x")
    await bot.send_message(6, "ok")
    assert fake.texts() == ["ok"]
    fake.reset()
    await bot.send_message(5, "unblocked")
    assert fake.texts(5) == ["unblocked"]


@pytest.mark.asyncio
async def test_get_file_and_download(bot, fake):
    fake.add_file("AgAD-1", b"\xff\xd8binary\r\n\x00data", file_path="photos/file_7.jpg")
    f = await bot.get_file("AgAD-1")
    assert f.file_size == 15
    assert await f.download_as_bytearray() == bytearray(b"\xff\xd8binary\r\n\x00data")
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


@pytest.mark.asyncio
async def test_send_photo_upload_location_edit_and_misc(bot, fake):
    msg = await bot.send_photo(3, photo=b"\x89PNG\r\n--raw--", caption="cap")
    assert msg.photo and msg.caption == "cap"
    call = fake.sent("sendPhoto", 3)[0]
    assert isinstance(call.params["photo"], Upload)
    assert call.params["photo"].content == b"\x89PNG\r\n--raw--"
    again = await bot.get_file(msg.photo[-1].file_id)
    assert await again.download_as_bytearray() == b"\x89PNG\r\n--raw--"
    loc = await bot.send_location(3, latitude=37.5, longitude=127.0)
    assert loc.location.latitude == 37.5
    edited = await bot.edit_message_text("new", chat_id=3, message_id=loc.message_id)
    assert edited.text == "new" and edited.message_id == loc.message_id
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", url="https://x.y")]])
    edited = await bot.edit_message_reply_markup(chat_id=3, message_id=1, reply_markup=markup)
    assert edited.reply_markup == markup
    assert await bot.answer_callback_query("cb-1", text="done") is True
    assert await bot.set_webhook("https://example.test/hook", secret_token="s3")
    assert (await bot.get_webhook_info()).url == "https://example.test/hook"
    assert await bot.delete_webhook()
    assert await bot.send_chat_action(3, "typing")
    assert fake.sent("answerCallbackQuery")[0].params == {
        "callback_query_id": "cb-1",
        "text": "done",
    }


@pytest.mark.asyncio
async def test_unknown_method_and_wrong_token(bot, fake):
    with pytest.raises(telegram.error.EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    with pytest.raises(InvalidToken):  # Bot.initialize() calls getMe
        async with telegram.Bot("999:WRONG", base_url=f"{fake.url}/bot"):
            pass
    assert fake.calls[-1].status == 401


@pytest.mark.asyncio
async def test_wait_for(bot, fake):
    await bot.send_message(9, "a")
    assert len(await fake.wait_for(chat_id=9, timeout=1)) == 1
    assert await fake.wait_for(lambda: "a" in fake.texts(), timeout=1)
    with pytest.raises(AssertionError, match=r"timed out.*sendMessage"):
        await fake.wait_for(chat_id=9, count=2, timeout=0.1)
    with pytest.raises(AssertionError):
        fake.wait_for_sync(lambda: False, timeout=0.05)


def test_sync_use_with_fail_next_any_method():
    import httpx

    with FakeTelegram() as fake:
        fake.fail_next(502, method=None)
        r = httpx.post(f"{fake.url}/bot{fake.token}/sendMessage", data={"chat_id": "1"})
        assert r.status_code == 502
        ok = httpx.get(f"{fake.url}/bot{fake.token}/sendMessage?chat_id=1&text=hi").json()
        assert ok["ok"] and ok["result"]["text"] == "hi"
        assert fake.wait_for_sync(chat_id=1)[0].params == {"chat_id": 1, "text": "hi"}
