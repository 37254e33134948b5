"""Waking the outbox relay when a transaction that wrote events has committed.

A relay in the same process as the writers need not poll to learn of new events: the unit of
work that wrote outbox rows calls :func:`committed` after its commit, and every listener of
that engine is called. The signal only shortens the wait. A relay in another process hears
nothing and keeps polling, and a relay always reads the outbox table itself, so a missed or
early wake-up can delay an event by one polling interval at most, never lose it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

__all__ = ["committed", "listen"]

log = logging.getLogger("safecase.outbox")
Wake = Callable[[], None]

_listeners: WeakKeyDictionary[Engine, tuple[Wake, ...]] = WeakKeyDictionary()
_lock = threading.Lock()


def listen(engine: Engine, wake: Wake) -> Callable[[], None]:
    """Call ``wake`` after every commit of outbox rows on ``engine``; returns the way to stop.

    ``wake`` runs on the committing thread: it must be quick and thread-safe (for an asyncio
    relay, ``loop.call_soon_threadsafe(event.set)``).
    """
    with _lock:
        _listeners[engine] = (*_listeners.get(engine, ()), wake)

    def stop() -> None:
        with _lock:
            remaining = tuple(w for w in _listeners.get(engine, ()) if w is not wake)
            if remaining:
                _listeners[engine] = remaining
            else:
                _listeners.pop(engine, None)

    return stop


def committed(engine: Engine) -> None:
    """A transaction on ``engine`` committed outbox rows: wake its listeners.

    The commit has happened: a listener that fails is logged, never raised to the writer.
    """
    for wake in _listeners.get(engine, ()):
        try:
            wake()
        except Exception:
            log.exception("an outbox listener failed; the relay will find the events by polling")
