"""One ``safecase case <command>`` per lifecycle command, generated from :data:`COMMANDS`.

Each field of the command's pydantic model becomes an option ``--field-name``: booleans are
``--flag/--no-flag``; other scalars (text, numbers, codes, ISO 8601 instants) are passed as text;
lists of scalars are repeatable options; dicts, nested models and lists of models are JSON text.
``--data JSON`` gives the whole payload (options given as well replace its fields). Pydantic
validates the payload, so a malformed value is a field violation, not a traceback.
"""

from __future__ import annotations

import inspect
import json
import types
from collections.abc import Callable
from datetime import datetime
from enum import Enum, auto
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import typer
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from safecase.core.cli_instance import (
    ActorOption,
    DataDirOption,
    JsonOption,
    acting,
    open_instance,
)
from safecase.core.cli_output import show_outcome
from safecase.core.commands import COMMANDS, Command, build_command
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.lifecycle import steps_for

__all__ = ["LIFECYCLE_COMMANDS", "add_lifecycle_commands", "command_payload"]

# Opening a case is ``case create``; deleting its data is ``case erase`` (with crypto-shredding).
NOT_GENERATED = frozenset({"submit_report", "submit_disclosure", "delete_case_data"})
LIFECYCLE_COMMANDS = tuple(name for name in COMMANDS if name not in NOT_GENERATED)
# Parameters every generated command has; field parameters are prefixed so they never clash.
COMMON_OPTIONS = frozenset({"--as", "--data", "--data-dir", "--json", "--help"})
FIELD_PREFIX = "field_"


class Kind(Enum):
    FLAG = auto()
    TEXT = auto()
    LIST = auto()
    JSON = auto()


def _optional_inner(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        present = [a for a in get_args(annotation) if a is not type(None)]
        if len(present) == 1:
            return present[0]
    return annotation


def _structured(annotation: Any) -> bool:
    return (
        annotation is dict
        or get_origin(annotation) is dict
        or (isinstance(annotation, type) and issubclass(annotation, BaseModel))
    )


def field_kind(annotation: Any) -> Kind:
    inner = _optional_inner(annotation)
    if inner is bool:
        return Kind.FLAG
    if get_origin(inner) in (tuple, list, set, frozenset):
        items = [a for a in get_args(inner) if a is not Ellipsis]
        return Kind.JSON if any(_structured(a) for a in items) else Kind.LIST
    return Kind.JSON if _structured(inner) else Kind.TEXT


def _choices(annotation: Any) -> list[str]:
    inner = _optional_inner(annotation)
    if get_origin(inner) in (tuple, list, set, frozenset):
        inner = next(iter(get_args(inner)), None)
    if get_origin(inner) is Literal:
        return [str(a) for a in get_args(inner)]
    if isinstance(inner, type) and issubclass(inner, Enum):
        return [str(member.value) for member in inner]
    return []


def _help(name: str, info: FieldInfo, kind: Kind) -> str:
    inner = _optional_inner(info.annotation)
    parts = [name.replace("_", " ").capitalize()]
    if inner is AwareDatetime or (isinstance(inner, type) and issubclass(inner, datetime)):
        parts.append("ISO 8601 instant with offset, e.g. 2026-03-02T09:00:00+00:00")
    choices = _choices(info.annotation)
    if choices:
        parts.append("one of " + ", ".join(choices))
    if kind is Kind.LIST:
        parts.append("repeatable")
    if kind is Kind.JSON:
        parts.append("JSON")
    return "; ".join(parts) + (". Required." if info.is_required() else ".")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _field_parameter(name: str, info: FieldInfo) -> inspect.Parameter:
    kind = field_kind(info.annotation)
    help_text = _help(name, info, kind)
    option = _option(name)
    annotation: Any
    if kind is Kind.FLAG:
        annotation = bool | None
        decls = [f"{option}/--no-{option[2:]}"]
    elif kind is Kind.LIST:
        annotation = list[str] | None
        decls = [option]
    else:
        annotation = str | None
        decls = [option]
    metavar = "JSON" if kind is Kind.JSON else None
    return inspect.Parameter(
        FIELD_PREFIX + name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            annotation, typer.Option(*decls, help=help_text, metavar=metavar, show_default=False)
        ],
    )


def _json(text: str, field: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise InvalidArgument([FieldViolation(field, "is not valid JSON")]) from None


def command_payload(
    model: type[Command], data: str | None, given: dict[str, Any]
) -> dict[str, Any]:
    """The payload of ``--data`` with the field options given on top (unset options ignored)."""
    payload = _json(data, "--data") if data else {}
    if not isinstance(payload, dict):
        raise InvalidArgument([FieldViolation("--data", "must be a JSON object")])
    for name, info in model.model_fields.items():
        value = given.get(name)
        if value is None or value == []:
            continue
        kind = field_kind(info.annotation)
        payload[name] = _json(value, name) if kind is Kind.JSON else value
    return payload


def _help_text(name: str) -> str:
    rows = steps_for(name)
    if not rows:
        return f"Run {name} on a case."
    steps: list[str] = []
    for row in rows:
        sources = sorted(state.value for state in row.sources)
        origin = "/".join(sources) if len(sources) <= 3 else f"{len(sources)} states"
        step = f"{row.id} {origin} -> {row.target.value}" if row.target else f"{row.id}"
        if step not in steps:
            steps.append(step)
    roles = sorted({role.value for row in rows for role in row.actors})
    return f"{name}: {'; '.join(steps)}. Roles: {', '.join(roles)}."


def lifecycle_command(name: str) -> Callable[..., None]:
    """The callback of ``safecase case <name>``, with a signature typer reads as options."""
    model = COMMANDS[name]
    fields = [_field_parameter(n, info) for n, info in model.model_fields.items()]
    clashes = {_option(n) for n in model.model_fields} & COMMON_OPTIONS
    if clashes:
        raise ValueError(f"{name} has fields clashing with the common options {sorted(clashes)}")

    def run(
        ctx: typer.Context,
        case_id: str,
        actor: str | None,
        directory: Any,
        data: str | None,
        as_json: bool,
        **options: Any,
    ) -> None:
        given = {key.removeprefix(FIELD_PREFIX): value for key, value in options.items()}
        payload = command_payload(model, data, given)
        build_command(name, payload)  # report malformed input before opening the instance
        instance = open_instance(ctx, directory)
        outcome = instance.execute_outcome(
            case_id, name, payload, acting(actor, instance.settings.organisation_id)
        )
        show_outcome(outcome, as_json)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("ctx", keyword, annotation=typer.Context),
        inspect.Parameter(
            "case_id",
            keyword,
            annotation=Annotated[str, typer.Argument(metavar="CASE_ID", help="The case's id.")],
        ),
        *fields,
        inspect.Parameter("actor", keyword, default=None, annotation=ActorOption),
        inspect.Parameter(
            "data",
            keyword,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option("--data", metavar="JSON", help="The whole payload as a JSON object."),
            ],
        ),
        inspect.Parameter("directory", keyword, default=None, annotation=DataDirOption),
        inspect.Parameter("as_json", keyword, default=False, annotation=JsonOption),
    ]
    run.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    run.__name__ = name
    run.__doc__ = _help_text(name)
    return run


def add_lifecycle_commands(app: typer.Typer) -> None:
    """Add one sub-command per lifecycle command (``record_triage`` -> ``record-triage``)."""
    for name in LIFECYCLE_COMMANDS:
        app.command(name.replace("_", "-"))(lifecycle_command(name))
