"""``safecase person``: the organisation's person registry from the command line.

Names, dates of birth and contact details are sensitive: ``person list`` shows ids and the
flags the rules use, and names only when asked with ``--names``.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from pydantic import ValidationError

from safecase.core.cli_instance import DataDirOption, JsonOption, open_instance
from safecase.core.cli_output import emit_json, table
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.people import Person

__all__ = ["person_app"]

person_app = typer.Typer(help="People of the organisation (parties, staff, panel members).")


def new_person(data: dict[str, Any]) -> Person:
    """A validated person; bad fields become field violations (their values are not echoed)."""
    try:
        return Person.model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument(
            [FieldViolation(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None


@person_app.command("add")
def person_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Full name (sensitive, stored sealed).")],
    date_of_birth: Annotated[
        str | None, typer.Option("--date-of-birth", metavar="YYYY-MM-DD", help="Date of birth.")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Email address.")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="Phone number.")] = None,
    clubs: Annotated[
        list[str] | None, typer.Option("--club", help="A club the person belongs to (repeatable).")
    ] = None,
    independent_cp_expert: Annotated[
        bool,
        typer.Option(
            "--independent-cp-expert", help="Independent child-protection expertise (CMG quorum)."
        ),
    ] = False,
    safeguarding_knowledge: Annotated[
        bool, typer.Option("--safeguarding-knowledge", help="Has safeguarding knowledge.")
    ] = False,
    org_officer: Annotated[
        bool, typer.Option("--org-officer", help="An officer of the organisation.")
    ] = False,
    panel_member_type: Annotated[
        str | None, typer.Option("--panel-member-type", help="Panel member type of the rule set.")
    ] = None,
    advisory_member: Annotated[
        bool, typer.Option("--advisory-member", help="A member of the advisory group.")
    ] = False,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a person to the registry and print their new id."""
    person = new_person(
        {
            "name": name,
            "date_of_birth": date_of_birth,
            "email": email,
            "phone": phone,
            "affiliations": [{"club": club} for club in clubs or []],
            "independent_child_protection_expertise": independent_cp_expert,
            "safeguarding_knowledge": safeguarding_knowledge,
            "org_officer": org_officer,
            "panel_member_type": panel_member_type,
            "advisory_member": advisory_member,
        }
    )
    open_instance(ctx, directory).add_person(person)
    if as_json:
        emit_json({"id": person.id})
    else:
        typer.echo(person.id)


def _flags(person: Person) -> list[str]:
    flags = [
        ("org-officer", person.org_officer),
        ("independent-cp-expert", person.independent_child_protection_expertise),
        ("safeguarding-knowledge", person.safeguarding_knowledge),
        ("advisory-member", person.advisory_member),
    ]
    shown = [flag for flag, on in flags if on]
    if person.panel_member_type:
        shown.append(f"panel:{person.panel_member_type}")
    return shown


@person_app.command("list")
def person_list(
    ctx: typer.Context,
    names: Annotated[bool, typer.Option("--names", help="Also show names (sensitive).")] = False,
    directory: DataDirOption = None,
    as_json: JsonOption = False,
) -> None:
    """List people by id with the flags the rules use (names only with --names)."""
    people = list(open_instance(ctx, directory).people())
    rows: list[dict[str, object]] = []
    for person in people:
        row: dict[str, object] = {"id": person.id, "flags": _flags(person)}
        if names:
            row["name"] = person.name
        rows.append(row)
    if as_json:
        emit_json(rows)
        return
    columns = ["id", "flags", *(["name"] if names else [])]
    table(
        columns,
        (
            [row["id"], ", ".join(_flags(p)), *([p.name] if names else [])]
            for row, p in zip(rows, people, strict=True)
        ),
    )
