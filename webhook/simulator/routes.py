"""The web chat at /simulator: play residents and volunteers; every action becomes an update.

The app mounts these routes only in simulator mode (404 otherwise). What a person does is stored in
the same inbox the Telegram webhook fills and the same worker processes it; the public
webhook stays closed. POSTs need the `X-Sagak-Simulator` header, which a form on another
site cannot send. The staff group's alerts need a staff session, as on the staff pages.
"""

from __future__ import annotations

import asyncio
import json
from functools import cache, partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel, Field

from bot.catalog import LANGUAGES, t
from bot.telegram_adapter import chat_id_of
from storage import audit, inbox, volunteers
from storage.db import session_scope
from webhook.admin.auth import StaffPoll
from webhook.admin.language import pick_language
from webhook.deps import RuntimeDep
from webhook.runtime import Runtime
from webhook.simulator import updates
from webhook.simulator.chats import Chat, Entry
from webhook.simulator.files import MAX_PHOTO_BYTES, PhotoRejected
from webhook.simulator.mode import Simulator

router = APIRouter(prefix="/simulator", include_in_schema=False)
staff_router = APIRouter(include_in_schema=False)
STAFF_CHAT = "/admin/simulator/staff-chat.json"
HEADER = "x-sagak-simulator"
MAX_TEXT = 4096  # Telegram's limit for one message
LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "zh": "中文"}


def _simulator(runtime: RuntimeDep) -> Simulator:
    if runtime.simulator is None:
        raise HTTPException(404, "Not Found")
    return runtime.simulator


def _simulator_action(request: Request, runtime: RuntimeDep) -> Simulator:
    simulator = _simulator(runtime)
    if request.headers.get(HEADER) != "1":
        raise HTTPException(403, "simulator actions come from the simulator page")
    return simulator


SimulatorDep = Annotated[Simulator, Depends(_simulator)]
ActionDep = Annotated[Simulator, Depends(_simulator_action)]


class NewPerson(BaseModel):
    name: str = Field(min_length=1, max_length=40)
    language: str = Field(pattern="^(ko|en|zh)$")
    role: str = Field(default="resident", pattern="^(resident|volunteer)$")


class Place(BaseModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class Action(BaseModel):
    """One thing a person does: exactly one of the fields."""

    text: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)
    from_keyboard: bool = False  # the text is a reply-keyboard button
    button: str | None = Field(default=None, max_length=64)
    message_id: int | None = None  # the bot message whose inline button was pressed
    location: Place | None = None
    contact: bool = False


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("webhook", "templates"), autoescape=True, undefined=StrictUndefined
    )


@router.get("", response_class=HTMLResponse)
def simulator_page(request: Request, simulator: SimulatorDep) -> HTMLResponse:
    """The web chat page."""
    lang = request.query_params.get("lang")
    lang = lang if lang in LANGUAGES else pick_language(request, None)
    html = (
        _templates()
        .get_template("simulator/chat.html")
        .render(
            _=partial(t, lang),
            lang=lang,
            languages=list(LANGUAGE_NAMES.items()),
            staff_chat_id=simulator.staff_chat_id,
            demo_location=updates.DEMO_LOCATION,
            max_text=MAX_TEXT,
        )
    )
    return HTMLResponse(html, headers={"cache-control": "no-store"})


@router.get("/people.json")
def people(simulator: SimulatorDep) -> dict[str, Any]:
    return {"people": [chat.public() for chat in simulator.chats.chats()]}


@router.post("/people", status_code=201)
async def add_person(body: NewPerson, runtime: RuntimeDep, simulator: ActionDep) -> dict[str, Any]:
    """A new simulated Telegram user; a volunteer joins with a fresh invite code at once."""
    try:
        chat = simulator.chats.add_person(name=body.name, language=body.language, role=body.role)
    except ValueError as error:
        raise HTTPException(409, str(error)) from error
    await asyncio.to_thread(simulator.people.save, simulator.chats)  # kept over a restart
    if body.role == "volunteer":
        code = await asyncio.to_thread(_invite, runtime, chat.name)
        start = simulator.chats.person_said(chat.chat_id, text=f"/start {code}")
        await _send(runtime, simulator, chat, start)
    return chat.public()


def _invite(runtime: Runtime, name: str) -> str:
    with session_scope(runtime.engine) as session:
        invite = volunteers.create_invite(session, name=name, staff_id=None)
        audit.record(
            session,
            action="volunteer_invited",
            actor="simulator",
            detail={"name": invite.name, "invite_id": invite.id},
        )
        return invite.code


def _chat(simulator: Simulator, chat_id: int) -> Chat:
    chat = simulator.chats.get(chat_id)
    if chat is None or chat.role == "group":
        raise HTTPException(404, "no such simulated person")
    return chat


@router.get("/chats/{chat_id}.json")
def chat_state(chat_id: int, simulator: SimulatorDep) -> dict[str, Any]:
    if chat_id == simulator.staff_chat_id:
        # Staff alerts name cases and their priority: staff only (staff_router below).
        raise HTTPException(403, f"the staff group is shown to signed-in staff at {STAFF_CHAT}")
    snapshot = simulator.chats.snapshot(chat_id)
    if snapshot is None:
        raise HTTPException(404, "no such chat")
    return snapshot


@staff_router.get(STAFF_CHAT)
def staff_chat_state(auth: StaffPoll, simulator: SimulatorDep) -> dict[str, Any]:
    """The simulated staff group, under /admin so the staff session cookie comes along."""
    snapshot = (
        simulator.chats.snapshot(simulator.staff_chat_id)
        if simulator.staff_chat_id is not None
        else None
    )
    if snapshot is None:
        raise HTTPException(404, "no staff group")
    return snapshot


@router.post("/chats/{chat_id}/messages", status_code=202)
async def act(
    chat_id: int, body: Action, runtime: RuntimeDep, simulator: ActionDep
) -> dict[str, Any]:
    """Send text, press a button, share a place or the phone number, as Telegram would."""
    chat = _chat(simulator, chat_id)
    log = simulator.chats
    if body.button is not None:
        pressed = log.bot_message(chat.chat_id, body.message_id or 0)
        if pressed is None:
            raise HTTPException(404, "no such message")
        callback_id = log.new_callback(chat.chat_id)
        update = updates.callback_update(
            simulator.update_ids.next(), chat, pressed, callback_id, body.button
        )
        await _store(runtime, update)
        return {"ok": True}
    if body.location is not None:
        place = {"latitude": body.location.latitude, "longitude": body.location.longitude}
        entry = log.person_said(chat.chat_id, location=place)
    elif body.contact:
        entry = log.person_said(chat.chat_id, contact=updates.DEMO_PHONE)
    elif body.text is not None and body.text.strip():
        entry = log.person_said(chat.chat_id, text=body.text)
    else:
        raise HTTPException(422, "say something: text, a button, a location or the contact")
    if body.from_keyboard or body.location is not None or body.contact:
        log.pressed_keyboard(chat.chat_id)
    await _send(runtime, simulator, chat, entry)
    return {"ok": True, "message_id": entry.message_id}


@router.post("/chats/{chat_id}/photos", status_code=202)
async def send_photo(
    chat_id: int,
    runtime: RuntimeDep,
    simulator: ActionDep,
    photo: Annotated[UploadFile, File()],
    caption: Annotated[str, Form(max_length=1024)] = "",
) -> dict[str, Any]:
    """A photo from the person's phone (JPEG, PNG, GIF or WebP)."""
    chat = _chat(simulator, chat_id)
    content = await photo.read(MAX_PHOTO_BYTES + 1)
    try:
        stored = await asyncio.to_thread(simulator.photos.save, content)
    except PhotoRejected as error:
        raise HTTPException(400, str(error)) from error
    entry = simulator.chats.person_said(chat.chat_id, text=caption.strip(), photo=stored.file_id)
    update = updates.photo_update(simulator.update_ids.next(), chat, entry, stored)
    await _store(runtime, update)
    return {"ok": True, "message_id": entry.message_id}


@router.get("/photos/{file_id}")
def photo_file(file_id: str, simulator: SimulatorDep) -> Response:
    stored = simulator.photos.find(file_id)
    content = simulator.photos.read(stored.path) if stored is not None else None
    if stored is None or content is None:
        raise HTTPException(404, "no such photo")
    return Response(content, media_type=stored.mime_type)


async def _send(runtime: Runtime, simulator: Simulator, chat: Chat, entry: Entry) -> None:
    await _store(runtime, updates.message_update(simulator.update_ids.next(), chat, entry))


async def _store(runtime: Runtime, update: dict[str, Any]) -> None:
    """Into the inbox, exactly as the webhook stores what Telegram posts."""
    runtime.ingest_in_flight += 1
    try:
        new = await asyncio.to_thread(
            inbox.store_update,
            runtime.engine,
            update_id=update["update_id"],
            chat_id=chat_id_of(update),
            payload=json.dumps(update, ensure_ascii=False),
        )
    finally:
        runtime.ingest_in_flight -= 1
    if new:
        runtime.update_stored()
