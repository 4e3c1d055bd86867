"""Which process sends for the bot: one at a time, however many run (docs/architecture.md).

Telegram's limits (about 30 messages a second overall, one a second per chat) are per bot,
so only one process may pace the sends. On PostgreSQL the sender holds a session-level
advisory lock on a connection of its own: PostgreSQL releases it the moment that session
ends, including when the process is killed or its machine drops off the network, so a
standby takes over within a second or two. On SQLite, whose database is one machine's
file, an exclusive `flock` on a file beside it does the same for processes sharing it.
"""

from __future__ import annotations

import logging
import os
import zlib
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

# The first key of the two-key advisory lock; the second is this deployment's own (its
# schema and bot), so two deployments sharing a database server never wait for each other.
_LOCK_CLASS = 7426105
# Server-side TCP keepalive of the lock's session: idle seconds, interval, probes.
KEEPALIVE = (5, 2, 3)


class SenderLock:
    """Held by the one process that sends for `bot`; call the methods from a thread."""

    def __init__(self, engine: Engine, *, bot: str):
        self.engine = engine
        self.bot = bot
        self._connection: Connection | None = None
        self._file: Any = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._file is not None

    def try_acquire(self) -> bool:
        """Take the lock if no other process holds it; True while this process holds it."""
        if self.held:
            return True
        if self.engine.dialect.name == "postgresql":
            return self._acquire_postgres()
        return self._acquire_file()

    def still_held(self) -> bool:
        """False when the lock was lost (the session holding it ended); then it is dropped
        and `try_acquire` must win it again before sending."""
        if self._connection is None:
            return self._file is not None
        try:
            self._connection.exec_driver_sql("SELECT 1")
            self._connection.commit()
        except Exception as error:
            log.warning("sender lock lost (%s): another process may send now", error)
            self._drop_connection()
            return False
        return True

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.exec_driver_sql(
                    "SELECT pg_advisory_unlock(%s, hashtext(current_schema() || '/' || %s))",
                    (_LOCK_CLASS, self.bot),
                )
                self._connection.commit()
            except Exception:
                log.warning("releasing the sender lock failed; it ends with the connection")
            self._drop_connection()
        if self._file is not None:
            self._file.close()  # closing the file releases the flock
            self._file = None

    def _acquire_postgres(self) -> bool:
        connection = self.engine.connect()
        try:
            # A sender whose machine vanishes (power, network) sends no FIN: by default
            # PostgreSQL would keep its session, and the lock, for the kernel's two hours
            # of TCP keepalive. These per-session settings make the server probe this
            # connection after 5 s of silence and drop it after 3 unanswered probes 2 s
            # apart, so a standby takes over within about 15 s. (No effect over a Unix
            # socket, where the peer is on the same machine and its death is seen at once.)
            connection.exec_driver_sql(
                "SELECT set_config('tcp_keepalives_idle', %s, false),"
                " set_config('tcp_keepalives_interval', %s, false),"
                " set_config('tcp_keepalives_count', %s, false)",
                tuple(str(value) for value in KEEPALIVE),
            )
            got = connection.exec_driver_sql(
                "SELECT pg_try_advisory_lock(%s, hashtext(current_schema() || '/' || %s))",
                (_LOCK_CLASS, self.bot),
            ).scalar()
            # A session lock outlives the transaction; ending it keeps the session idle.
            connection.commit()
        except Exception:
            connection.invalidate()
            connection.close()
            raise
        if not got:
            connection.close()
            return False
        self._connection = connection
        return True

    def _acquire_file(self) -> bool:
        database = self.engine.url.database
        if not database or database == ":memory:":
            self._file = open(os.devnull)  # noqa: SIM115 (a private database: one process)
            return True
        import fcntl

        handle = open(Path(f"{database}.sender.lock"), "a+")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()  # never hand a lock-holding session back to the pool
                connection.close()
            except Exception:
                log.debug("closing the sender lock's connection failed", exc_info=True)


def bot_key(token: str | None) -> str:
    """The part of a bot token that names the bot (its numeric id), never the secret."""
    if not token:
        return "no-bot"
    bot_id = token.split(":", 1)[0]
    return bot_id if bot_id.isdigit() else f"bot-{zlib.crc32(token.encode()):08x}"
