"""What the ``safecase`` command line prints: tables for people, JSON for scripts, one-line errors.

Everything printed comes from what the core returns to the caller: ids, states, codes and the
fields the access policy lets the acting role see. Errors are one line on stderr; the core's
messages carry only ids, field names and rule codes, never case content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safecase.core.errors import SafecaseError
from safecase.core.lifecycle import Outcome

__all__ = [
    "console",
    "describe_error",
    "emit_json",
    "error_line",
    "jsonable",
    "outcome_data",
    "say",
    "show_outcome",
    "table",
]

console = Console()


def jsonable(value: object) -> object:
    """``value`` as plain JSON data (models, enums, instants, sets and paths converted)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return value


def emit_json(data: object) -> None:
    typer.echo(json.dumps(jsonable(data), indent=2))


def say(text: str, style: str | None = None) -> None:
    """One line for people, printed literally (no markup) and never wrapped."""
    console.print(text, style=style, markup=False, soft_wrap=True, highlight=False)


def table(
    columns: Sequence[str], rows: Iterable[Sequence[object]], title: str | None = None
) -> None:
    """A table for people; cell values are shown literally (no markup); the first column (an
    id) is never wrapped or cut."""
    cells = [[_cell(value) for value in row] for row in rows]
    grid = Table(title=title)
    for index, column in enumerate(columns):
        if index == 0:
            width = max((len(row[0]) for row in cells if row), default=0)
            grid.add_column(column, no_wrap=True, min_width=max(width, len(column)))
        else:
            grid.add_column(column, overflow="fold")
    for row in cells:
        grid.add_row(*(escape(cell) for cell in row))
    console.print(grid)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    plain = jsonable(value)
    return plain if isinstance(plain, str) else json.dumps(plain)


def describe_error(exc: SafecaseError) -> str:
    """The one-line text of a core error: its reason code, then its message."""
    return f"{exc.reason}: {exc.message}"


def error_line(message: str) -> None:
    """``error: <message>`` on stderr, always on one line."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)


def outcome_data(outcome: Outcome) -> dict[str, object]:
    """An accepted command for scripts: ids, state and the (content-free) events."""
    case = outcome.case
    return {
        "case_id": case.id,
        "state": case.state.value,
        "version": case.version,
        "step": outcome.step.id,
        "events": [event.model_dump(mode="json") for event in outcome.events],
    }


def show_outcome(outcome: Outcome, as_json: bool) -> None:
    if as_json:
        emit_json(outcome_data(outcome))
        return
    case = outcome.case
    say(f"case {case.id}: {case.state.value} (version {case.version})")
    say("events: " + (", ".join(event.type for event in outcome.events) or "none"))
