"""``safecase case``: create, list, show and erase cases, and one sub-command per lifecycle
command (generated in :mod:`safecase.core.cli_lifecycle`).

``case show`` prints the policy view of the acting role (G28), so what is shown is what that
role may read; ``case list`` shows metadata only.
"""

from __future__ import annotations

from typing import Annotated

import typer

from safecase.core.cli_instance import (
    ActorOption,
    DataDirOption,
    JsonOption,
    acting,
    open_instance,
)
from safecase.core.cli_lifecycle import add_lifecycle_commands
from safecase.core.cli_output import emit_json, say, show_outcome, table
from safecase.core.commands import build_command
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.states import Role

__all__ = ["case_app"]

case_app = typer.Typer(help="Cases: create, list, show, erase, and every lifecycle command.")

PARTY_ROLES = ("COMPLAINANT", "RESPONDENT", "REPORTER", "WITNESS")


def _parties(parties: list[str], trusted: list[str]) -> list[dict[str, object]]:
    result: list[dict[str, object]] = []
    for party in parties:
        role, _, person_id = party.partition(":")
        if role.upper() not in PARTY_ROLES or not person_id.strip():
            raise InvalidArgument(
                [
                    FieldViolation(
                        "--party", f"must be ROLE:PERSON_ID, ROLE one of {', '.join(PARTY_ROLES)}"
                    )
                ]
            )
        person_id = person_id.strip()
        result.append(
            {
                "person_id": person_id,
                "role": role.upper(),
                "position_of_trust": person_id in trusted,
            }
        )
    return result


@case_app.command("create")
def case_create(
    ctx: typer.Context,
    narrative: Annotated[
        str, typer.Option("--narrative", help="What was disclosed or reported (sensitive).")
    ],
    disclosure: Annotated[
        bool, typer.Option("--disclosure", help="A disclosure (T01): consent comes later.")
    ] = False,
    report: Annotated[bool, typer.Option("--report", help="A report or complaint (T02).")] = False,
    complaint: Annotated[
        bool, typer.Option("--complaint", help="With --report: the report is a complaint.")
    ] = False,
    parties: Annotated[
        list[str] | None,
        typer.Option("--party", metavar="ROLE:PERSON_ID", help="A party (repeatable)."),
    ] = None,
    trusted: Annotated[
        list[str] | None,
        typer.Option(
            "--position-of-trust",
            metavar="PERSON_ID",
            help="A party who holds a position of trust (repeatable).",
        ),
    ] = None,
    categories: Annotated[
        list[str] | None,
        typer.Option("--category", metavar="CODE", help="A category code (repeatable)."),
    ] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="The reporter stays anonymous.")
    ] = False,
    came_to_attention_at: Annotated[
        str | None,
        typer.Option("--came-to-attention-at", metavar="INSTANT", help="ISO 8601 with offset."),
    ] = None,
    incident_date: Annotated[
        str | None,
        typer.Option("--incident-date", metavar="INSTANT", help="ISO 8601 with offset."),
    ] = None,
    actor: ActorOption = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open a case from a disclosure or a report."""
    if disclosure == report:
        raise InvalidArgument([FieldViolation("--disclosure/--report", "give exactly one")])
    command = "submit_disclosure" if disclosure else "submit_report"
    data: dict[str, object] = {
        "narrative": narrative,
        "kind": "COMPLAINT" if complaint else "REPORT",
        "anonymous": anonymous,
        "parties": _parties(parties or [], trusted or []),
        "categories": categories or [],
    }
    if came_to_attention_at:
        data["came_to_attention_at"] = came_to_attention_at
    if incident_date:
        data["incident_date"] = incident_date
    build_command(command, data)
    instance = open_instance(ctx, directory)
    outcome = instance.open_case_outcome(
        command, data, acting(actor, instance.settings.organisation_id)
    )
    show_outcome(outcome, as_json)


@case_app.command("list")
def case_list(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="Only cases in this state.")] = None,
    severity: Annotated[
        str | None, typer.Option("--severity", help="Only cases of this severity.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="PERSON_ID", help="Only cases of this owner.")
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", metavar="CODE", help="Only cases in this category.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    actor: ActorOption = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List cases (metadata only), oldest first."""
    instance = open_instance(ctx, directory)
    cases = instance.list_cases(
        acting(actor, instance.settings.organisation_id),
        state=state,
        severity=severity,
        owner_id=owner,
        category=category,
        limit=limit,
        offset=offset,
    )
    if as_json:
        emit_json([summary.__dict__ for summary in cases])
        return
    table(
        ["case", "state", "severity", "categories", "owner", "updated"],
        (
            [c.id, c.state, c.severity, ", ".join(c.categories), c.owner_id, c.updated_at]
            for c in cases
        ),
    )


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="CASE_ID", help="The case's id.")],
    actor: ActorOption = None,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a case as the acting role may see it (the read is audited)."""
    instance = open_instance(ctx, directory)
    view = instance.read_case(case_id, acting(actor, instance.settings.organisation_id))
    if as_json:
        emit_json(view)
        return
    table(["field", "value"], ([name, value] for name, value in view.items()), title=case_id)


@case_app.command("erase")
def case_erase(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="CASE_ID", help="The case's id.")],
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase a case's content (G32, run as SYS): its data key is destroyed; metadata remains."""
    instance = open_instance(ctx, directory)
    system = acting(Role.SYS.value, instance.settings.organisation_id)
    instance.erase_case(case_id, system)
    if as_json:
        emit_json({"case_id": case_id, "erased": True})
    else:
        say(f"case {case_id}: erased (its content can no longer be read)")


add_lifecycle_commands(case_app)
