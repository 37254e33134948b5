"""Logging of the services: text for people, JSON lines for log collectors, never case content.

``SAFECASE_LOG_FORMAT`` (``text`` | ``json``, default ``text``) and ``SAFECASE_LOG_LEVEL``
(``DEBUG`` ... ``CRITICAL``, default ``INFO``) choose the format and level. Every record
carries the ``trace_id`` and ``span_id`` of the current span when there is one, so a log line
leads to its trace.

What keeps case content out of the logs, whatever the level:

- the services log ids, codes, method names and exception types, never request fields;
- an exception is logged by its type and stack only: its message may quote the input that
  caused it (a validation error does);
- SQLAlchemy's engine and pool loggers stay at WARNING: below it they log statement
  parameters and result rows.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

from opentelemetry import trace

from safecase.core.settings import ConfigurationError

__all__ = [
    "ENVIRONMENT",
    "FORMATS",
    "JsonFormatter",
    "TextFormatter",
    "TraceIds",
    "configure_logging",
]

FORMATS = ("text", "json")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Documented here, beside the code that reads them, for docs/configuration.md.
ENVIRONMENT: dict[str, str] = {
    "SAFECASE_LOG_FORMAT": "`text` (default) or `json` (one JSON object a line)",
    "SAFECASE_LOG_LEVEL": "`DEBUG`, `INFO` (default), `WARNING`, `ERROR` or `CRITICAL`",
}
# Loggers that would write data below WARNING, and quiet chatter.
QUIET = {
    "sqlalchemy.engine": logging.WARNING,
    "sqlalchemy.pool": logging.WARNING,
    "alembic": logging.WARNING,
}
_MARK = "_safecase_handler"
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class TraceIds(logging.Filter):
    """Stamps each record with the ids of the span current where it was logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format(context.trace_id, "032x")
            record.span_id = format(context.span_id, "016x")
        else:
            record.trace_id = record.span_id = None
        return True


def _exception(exc_info: ExcInfo | None) -> str | None:
    """The exception's type and stack (innermost call last), without its message."""
    if not exc_info or exc_info[1] is None:
        return None
    error = exc_info[1]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_tb(exc_info[2])
    lines.append(f"{type(error).__module__}.{type(error).__qualname__}")
    return "".join(lines)


class TextFormatter(logging.Formatter):
    """``time level logger message [trace_id=... span_id=...]``, exceptions without message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        record.asctime = self.formatTime(record)
        line = self.formatMessage(record)
        trace_id = getattr(record, "trace_id", None)
        if trace_id:
            line += f" trace_id={trace_id} span_id={getattr(record, 'span_id', None)}"
        exception = _exception(record.exc_info)  # type: ignore[arg-type]
        if exception:
            line += "\n" + exception
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line: timestamp, level, logger, message, trace_id, span_id."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "trace_id": getattr(record, "trace_id", None),
            "span_id": getattr(record, "span_id", None),
        }
        exception = _exception(record.exc_info)  # type: ignore[arg-type]
        if exception:
            entry["exception"] = exception
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(
    *, stream: TextIO | None = None, environ: Mapping[str, str] | None = None
) -> logging.Handler:
    """Send the process's logging to ``stream`` (standard error) as the environment asks.

    Replaces what an earlier call installed; returns the handler.
    """
    env = os.environ if environ is None else environ
    chosen = env.get("SAFECASE_LOG_FORMAT", "text").strip().lower() or "text"
    if chosen not in FORMATS:
        raise ConfigurationError(f"SAFECASE_LOG_FORMAT must be one of {', '.join(FORMATS)}")
    level = env.get("SAFECASE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LEVELS:
        raise ConfigurationError(f"SAFECASE_LOG_LEVEL must be one of {', '.join(LEVELS)}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if chosen == "json" else TextFormatter())
    handler.addFilter(TraceIds())
    setattr(handler, _MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
    logging.captureWarnings(True)
    return handler
