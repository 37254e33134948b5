"""The event backbone of a service process: its outbox relay and its consumers, on one NATS
connection, in a thread of their own beside the gRPC server.

Each service names its **workers** (coroutines given the JetStream context and a stop event);
``safecase up`` runs the workers of every service of the instance in one backbone, a service
process run alone (a container) runs its own when ``SAFECASE_NATS_URL`` is set.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nats.aio.client import Client as NATS
from nats.js import JetStreamContext

from safecase.core.instance import Instance
from safecase.core.settings import ConfigurationError
from safecase.services.common.connect import connect
from safecase.services.common.handover import Context, HandoverReceiver
from safecase.services.common.relay import OutboxRelay, ensure_stream

__all__ = ["Backbone", "Worker", "context_workers"]


Worker = Callable[[JetStreamContext, asyncio.Event], Awaitable[None]]
"""One long-running part of the backbone: it returns once the stop event is set."""

COLLECTION: dict[Context, str] = {"case": "cases", "hearing": "hearings"}
OTHER: dict[Context, Context] = {"case": "hearing", "hearing": "case"}


def context_workers(instance: Instance, context: Context) -> list[Worker]:
    """The relay of ``context``'s outbox and the receiver of the other context's hand-overs."""
    organisation = instance.settings.organisation_id

    async def relay(js: JetStreamContext, stop: asyncio.Event) -> None:
        await ensure_stream(js, organisation)
        await OutboxRelay(instance.engine, js, collection=COLLECTION[context]).run(stop)

    async def receive(js: JetStreamContext, stop: asyncio.Event) -> None:
        receiver = HandoverReceiver(
            organisation, instance.organisation_key, OTHER[context], instance.clock
        )
        consumer = await receiver.consumer(instance.engine, js)
        await consumer.run(stop)

    return [relay, receive]


@dataclass
class Backbone:
    """Runs ``workers`` on a connection to ``url`` until :meth:`stop`."""

    url: str
    workers: Sequence[Worker]
    creds_file: Path | None = None
    _stop: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _ready: threading.Event = field(default_factory=threading.Event)
    _errors: list[BaseException] = field(default_factory=list)

    @classmethod
    def from_environment(
        cls, workers: Sequence[Worker], env: Mapping[str, str] | None = None
    ) -> Backbone | None:
        """The backbone ``SAFECASE_NATS_URL`` (and ``SAFECASE_NATS_CREDS_FILE``) ask for."""
        env = os.environ if env is None else env
        url = env.get("SAFECASE_NATS_URL")
        if not url:
            return None
        creds = env.get("SAFECASE_NATS_CREDS_FILE")
        return cls(url, workers, Path(creds) if creds else None)

    def start(self, timeout: float = 15.0) -> None:
        """Start every worker; a NATS not yet reachable is waited for in the background.

        A credentials file that cannot be read is a configuration error, raised here.
        """
        if self.creds_file is not None:
            try:
                readable = self.creds_file.read_text(encoding="ascii").strip() != ""
            except (OSError, UnicodeDecodeError):
                readable = False
            if not readable:
                raise ConfigurationError(
                    f"SAFECASE_NATS_CREDS_FILE {self.creds_file} is missing, empty or unreadable"
                )
        self._thread = threading.Thread(target=self._run, name="safecase-backbone", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=timeout)
        if self._errors:
            self.stop()
            raise self._errors[0]

    def _run(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            self._ready.set()  # the gRPC server serves meanwhile; the outbox keeps the events
            connection = await self._connect()
            if connection is None:
                return
            js = connection.jetstream()
            tasks = [asyncio.ensure_future(worker(js, self._stop)) for worker in self.workers]
            try:
                await asyncio.gather(*tasks)
            finally:
                await connection.close()

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by start(); the process then stops
            self._errors.append(exc)
            self._ready.set()

    async def _connect(self) -> NATS | None:
        """The connection (retried by :func:`connect` until it succeeds), or ``None`` if the
        backbone is stopped first."""
        assert self._stop is not None
        connecting = asyncio.ensure_future(connect(self.url, self.creds_file))
        stopping = asyncio.ensure_future(self._stop.wait())
        done, _ = await asyncio.wait({connecting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if connecting in done:
            return connecting.result()
        connecting.cancel()
        return None

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
