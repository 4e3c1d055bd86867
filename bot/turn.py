"""One turn of the dialogue: who wrote, what they sent, and the replies being gathered."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from bot.catalog import for_channel, t
from bot.hotlines import DEFAULT_HOTLINES, Hotline, parse_hotlines
from bot.inbound import Button, Inbound, Keyboard, Method, Reply
from storage.models import Reporter
from storage.rows import require_id
from storage.vocabulary import ReporterRole


@dataclass(frozen=True)
class DialogueConfig:
    staff_chat_id: int | None = None
    staff_language: str = "ko"
    flood_per_minute: int = 20  # more messages than this in a minute: stored, not answered
    daily_new_cases: int = 5  # more new reports than this in a day: ask before another
    retention_days: int = 1826  # what the privacy notice promises (SAGAK_RETENTION_DAYS)
    hotlines: tuple[Hotline, ...] = field(default_factory=lambda: parse_hotlines(DEFAULT_HOTLINES))


@dataclass
class Turn:
    """Handlers add replies here; `replies()` puts emergency numbers first."""

    session: Session
    reporter: Reporter
    inbound: Inbound
    config: DialogueConfig
    _urgent: list[Reply] = field(default_factory=list)
    _replies: list[Reply] = field(default_factory=list)
    quiet: bool = False  # the reporter is flooding: only essential replies go out

    @property
    def language(self) -> str:
        return self.reporter.language

    def text(self, key: str, **values: object) -> str:
        language = self.reporter.language
        return t(language, for_channel(language, key, self.reporter.channel), **values)

    def say(
        self,
        key: str,
        *,
        keyboard: Keyboard = Keyboard.NONE,
        buttons: tuple[tuple[Button, ...], ...] = (),
        case_id: int | None = None,
        essential: bool = False,
        **values: object,
    ) -> None:
        """Queue a catalog message to the reporter."""
        self.send(
            self.text(key, **values),
            keyboard=keyboard,
            buttons=buttons,
            case_id=case_id,
            essential=essential,
        )

    def send(
        self,
        text: str,
        *,
        keyboard: Keyboard = Keyboard.NONE,
        buttons: tuple[tuple[Button, ...], ...] = (),
        case_id: int | None = None,
        essential: bool = False,
    ) -> None:
        if keyboard is Keyboard.MENU and self.reporter.role == ReporterRole.VOLUNTEER:
            keyboard = Keyboard.VOLUNTEER_MENU
        self._replies.append(
            Reply(
                self.reporter.chat_id,
                text,
                self.reporter.language,
                keyboard,
                case_id,
                buttons=buttons,
                essential=essential,
            )
        )

    def urgent(self, reply: Reply) -> None:
        """A reply that must be read before anything else this turn says."""
        self._urgent.append(reply)

    def toast(self, key: str | None = None) -> None:
        """Answer the pressed button (Telegram shows a spinner until we do)."""
        if self.inbound.callback_id is None:
            return
        self._replies.insert(
            0,
            Reply(
                self.reporter.chat_id,
                self.text(key) if key else "",
                self.reporter.language,
                method=Method.ANSWER_CALLBACK,
                callback_id=self.inbound.callback_id,
                essential=True,
            ),
        )

    def edit_buttons(self, message_id: int | None, buttons: tuple[tuple[Button, ...], ...]) -> None:
        """Redraw the buttons under an earlier message (ticks for chosen answers)."""
        if message_id is None:
            return
        self._replies.append(
            Reply(
                self.reporter.chat_id,
                "",
                self.reporter.language,
                buttons=buttons,
                method=Method.EDIT_BUTTONS,
                target_message_id=message_id,
                essential=True,
            )
        )

    def replies(self) -> list[Reply]:
        """Everything to send, in order; while flooding, only what is essential."""
        ordered = self._urgent + self._replies
        if self.quiet:
            return [reply for reply in ordered if reply.essential]
        return ordered


def row_id(row: object) -> int:
    """The primary key of a flushed row (storage.rows.require_id)."""
    return require_id(row)
