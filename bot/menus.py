"""The persistent main menu and the compact data carried by inline buttons.

Callback data is `<action>:<part>:<part>...`, ASCII and well under Telegram's 64 bytes. Any
button about a case carries the case id, so a late answer to an old question updates the
right case; the conversation checks that the case is the presser's before touching it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog import all_translations

# Catalog keys of the menu's buttons, as rows (the keyboard under the text field).
MENU_ROWS = (("menu.report", "menu.cases"), ("menu.emergency", "menu.help"))
# A volunteer's menu: field tips, their own tips, the visits staff asked of them.
VOLUNTEER_MENU_ROWS = (
    ("menu.tip", "menu.my_tips"),
    ("menu.visits", "menu.emergency"),
    ("menu.help",),
)

# What each menu button does: the same as this command.
_MENU_COMMANDS = {
    "menu.report": "new",
    "menu.cases": "cases",
    "menu.emergency": "emergency",
    "menu.help": "help",
    "menu.tip": "tip",
    "menu.my_tips": "cases",
    "menu.visits": "visits",
}

# Actions (the first part of callback data).
ANSWER = "q"  # q:<case>:<question>:<value>
SPLIT = "s"  # s:<case>:<message>   "this is a different household"
DETAILS = "d"  # d:<case>            answer a case's questions (again)
LANGUAGE = "l"  # l:<language>
NEW_CASE = "n"  # n:<case>:<y|n>      confirm another new report today
FORGET = "f"  # f:<y|n>
VISIT = "v"  # v:<request>:<a|d|r>[:<result>] and v:<request>:done   (volunteers)

MAX_CALLBACK_BYTES = 64


def menu_command(text: str) -> str | None:
    """The command a menu button stands for, in any language; None for other text."""
    stripped = text.strip()
    for key, command in _MENU_COMMANDS.items():
        if stripped in all_translations(key):
            return command
    return None


def callback(action: str, *parts: object) -> str:
    """Encode an inline button's data."""
    data = ":".join((action, *(str(part) for part in parts)))
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {data!r}")
    return data


@dataclass(frozen=True)
class Pressed:
    """A decoded button press; `case_id` is None when the button is not about a case."""

    action: str
    parts: tuple[str, ...]

    def case_id(self) -> int | None:
        if self.action in (ANSWER, SPLIT, DETAILS, NEW_CASE) and self.parts:
            return _int(self.parts[0])
        return None

    def visit_id(self) -> int | None:
        return _int(self.parts[0]) if self.action == VISIT and self.parts else None

    def part(self, index: int) -> str:
        return self.parts[index] if index < len(self.parts) else ""


def decode(data: str) -> Pressed | None:
    """Decode callback data; None for anything we did not send (or a forged value)."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        return None
    action, *parts = data.split(":")
    if action not in (ANSWER, SPLIT, DETAILS, LANGUAGE, NEW_CASE, FORGET, VISIT):
        return None
    pressed = Pressed(action, tuple(parts))
    if action in (ANSWER, SPLIT, DETAILS, NEW_CASE) and pressed.case_id() is None:
        return None
    if action == VISIT and pressed.visit_id() is None:
        return None
    return pressed


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None
