"""The one way every service connects to NATS.

A service outlives its broker's restarts: the connection is retried forever, from the first
attempt on, and the service carries on once NATS is back. While it waits, each change of
trouble (refused, authorisation violation, ...) is logged once as one line, never as a
traceback and never with a password. The embedded stack connects with a user and password in
the URL (one generated user per account); production with the NATS credentials file
(``.creds``: a user JWT and its nkey seed) of the instance's account.
``SAFECASE_NATS_URL`` and ``SAFECASE_NATS_CREDS_FILE`` configure both.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import nats
from nats.aio.client import Client

from safecase.core.errors import SafecaseError

__all__ = [
    "CREDS_FILE_VARIABLE",
    "ENVIRONMENT",
    "URL_VARIABLE",
    "NatsConfigurationError",
    "NatsSettings",
    "connect",
    "connect_from_environment",
    "redact",
]

URL_VARIABLE = "SAFECASE_NATS_URL"
CREDS_FILE_VARIABLE = "SAFECASE_NATS_CREDS_FILE"
# Documented here, beside the code that reads them, for docs/configuration.md.
ENVIRONMENT: dict[str, str] = {
    URL_VARIABLE: (
        "URL of NATS with JetStream, e.g. nats://nats:4222; may carry a user and password "
        "(the embedded stack's)"
    ),
    CREDS_FILE_VARIABLE: (
        "NATS credentials file (.creds: user JWT and nkey seed) of the instance's account, "
        "instead of a user in the URL"
    ),
}
RECONNECT_SECONDS = 0.5
log = logging.getLogger("safecase.nats")


class NatsConfigurationError(SafecaseError):
    """Settings with which no connection can ever succeed: said at once, not retried."""

    reason = "E_NATS_CONFIGURATION"


def redact(url: str) -> str:
    """``url`` without its password (``nats://org_a:***@host:4222``), for logs and messages."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "<an unreadable URL>"
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname or ''}"
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@dataclass(frozen=True)
class NatsSettings:
    """Where a service's NATS is and how it authenticates."""

    url: str
    creds_file: Path | None = None

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, default_url: str | None = None
    ) -> NatsSettings:
        """``SAFECASE_NATS_URL`` (else ``default_url``) and ``SAFECASE_NATS_CREDS_FILE``."""
        env = os.environ if environ is None else environ
        url = env.get(URL_VARIABLE) or default_url
        if not url:
            raise NatsConfigurationError(f"{URL_VARIABLE} is not set: the URL of NATS")
        creds = env.get(CREDS_FILE_VARIABLE)
        return cls(url, Path(creds) if creds else None)

    def __repr__(self) -> str:
        return f"NatsSettings(url={redact(self.url)!r}, creds_file={self.creds_file!r})"


class _ConnectionLog:
    """The connection's callbacks: one log line per change of trouble, so that a NATS that is
    down for an hour leaves one warning rather than one per retry."""

    def __init__(self, url: str) -> None:
        self.url = redact(url)
        self._password = urlsplit(url).password
        self.last: str | None = None

    async def error(self, error: Exception) -> None:
        kind = f"{type(error).__name__}: {error}"
        if self._password:
            kind = kind.replace(self._password, "***")
        if kind == self.last:
            log.debug("NATS %s: %s (still)", self.url, kind)
            return
        self.last = kind
        log.warning("NATS %s: %s; retrying", self.url, kind)

    async def disconnected(self) -> None:
        log.info("NATS %s: disconnected", self.url)

    async def reconnected(self) -> None:
        self.last = None
        log.info("NATS %s: reconnected", self.url)


def _check_creds_file(url: str, creds_file: Path) -> None:
    if urlsplit(url).username or urlsplit(url).password:
        raise NatsConfigurationError(
            f"both a user in {redact(url)} and the credentials file {creds_file}: give one"
        )
    if not creds_file.is_file():
        raise NatsConfigurationError(f"NATS credentials file {creds_file} does not exist")
    if not os.access(creds_file, os.R_OK):
        raise NatsConfigurationError(f"NATS credentials file {creds_file} is not readable")
    try:
        importlib.import_module("nkeys")
    except ImportError:
        raise NatsConfigurationError(
            "a NATS credentials file needs the nkeys package (install nats-py[nkeys])"
        ) from None


async def connect(url: str, creds_file: str | Path | None = None, **options: Any) -> Client:
    """A connection to NATS at ``url`` that reconnects forever, quietly.

    ``url`` may carry a user and password (``nats://org_a:<password>@host:4222``);
    ``creds_file`` names a ``.creds`` file instead. Other ``options`` go to ``nats.connect``
    and override these defaults. Settings that can never work (a missing credentials file,
    both kinds of credentials) raise :class:`NatsConfigurationError` at once; an unreachable
    server or a refused user is retried until it succeeds.
    """
    callbacks = _ConnectionLog(url)
    settings: dict[str, Any] = {
        "max_reconnect_attempts": -1,
        "reconnect_time_wait": RECONNECT_SECONDS,
        "error_cb": callbacks.error,
        "disconnected_cb": callbacks.disconnected,
        "reconnected_cb": callbacks.reconnected,
    }
    if creds_file is not None:
        path = Path(creds_file)
        _check_creds_file(url, path)
        settings["user_credentials"] = str(path)
    settings.update(options)
    return await nats.connect(url, **settings)


async def connect_from_environment(
    environ: Mapping[str, str] | None = None, default_url: str | None = None, **options: Any
) -> Client:
    """:func:`connect` with ``SAFECASE_NATS_URL`` and ``SAFECASE_NATS_CREDS_FILE``."""
    settings = NatsSettings.from_environment(environ, default_url)
    return await connect(settings.url, settings.creds_file, **options)
