"""What both browser tests need: sagak under uvicorn on a free port, and Debian's chromium."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from webhook.app import create_app
from webhook.settings import Settings

CHROMIUM = "/usr/bin/chromium"
# As the machine's own check runs it: without the background-networking flags chromium
# tries to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Server:
    """sagak under uvicorn in a background thread, on a free port of 127.0.0.1, at the real
    Telegram pacing (the browser tests see what a user would)."""

    def __init__(self, settings: Settings) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            create_app(settings), log_level="warning", access_log=False, lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, name="sagak", daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "sagak did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
