"""The ``safecase`` command line (typer + rich): instances, people, cases, audit and the demo.

Output is a readable table for people and JSON with ``--json`` for scripts. Every error a user
can cause (unknown case, refused transition, malformed value, usage error) prints one line
``error: <message>`` on stderr and exits with status 2; anything unexpected prints
``error: internal error (<type>)`` and exits with status 1. No traceback and no case content
reaches the terminal: the core's messages carry only ids, field names and rule codes.

The commands live in modules named for what they hold: :mod:`~safecase.core.cli_instance`
(``init``, ``migrate``, ``audit verify``, the data directory and acting identity),
:mod:`~safecase.core.cli_people`, :mod:`~safecase.core.cli_case`,
:mod:`~safecase.core.cli_lifecycle` (one sub-command per lifecycle command) and
:mod:`~safecase.core.cli_registry` (the sanction registry: list, FollowTheMoney export).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from safecase.core.cli_backup import backup, restore
from safecase.core.cli_case import case_app
from safecase.core.cli_instance import (
    DataDirOption,
    audit_verify,
    demo_instance,
    given_data_dir,
    init,
    migrate,
    remember_data_dir,
)
from safecase.core.cli_keys import keys_app
from safecase.core.cli_output import console, describe_error, error_line, say, table
from safecase.core.cli_people import person_app
from safecase.core.cli_registry import registry_app
from safecase.core.errors import SafecaseError
from safecase.core.plugins import available_plugins, get_plugins

__all__ = ["app", "main"]


class SafecaseGroup(TyperGroup):
    """The root command: runs a command and turns every error into one line (module docstring)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except SafecaseError as exc:
            error_line(describe_error(exc))
            code = 2
        except typer.TyperException as exc:  # usage: unknown option, missing or bad value
            error_line(exc.format_message())
            code = exc.exit_code
        except typer.Abort:
            error_line("aborted")
            code = 1
        except Exception as exc:
            error_line(f"internal error ({type(exc).__name__})")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=SafecaseGroup,
    help="safecase: case management for safeguarding concerns in sport.",
    pretty_exceptions_enable=False,
)
audit_app = typer.Typer(help="The audit log.")
plugins_app = typer.Typer(help="Installed organisation and jurisdiction plugins.")


def _help_when_bare(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


@app.callback(invoke_without_command=True)
def root(ctx: typer.Context, directory: DataDirOption = None) -> None:
    """safecase: case management for safeguarding concerns in sport."""
    remember_data_dir(ctx, directory)
    _help_when_bare(ctx)


for _group in (case_app, person_app, registry_app, audit_app, plugins_app):
    _group.callback(invoke_without_command=True)(_help_when_bare)

app.command("init")(init)
app.command("migrate")(migrate)
app.add_typer(person_app, name="person")
app.add_typer(case_app, name="case")
app.add_typer(registry_app, name="registry")
app.add_typer(audit_app, name="audit")
audit_app.command("verify")(audit_verify)
app.add_typer(plugins_app, name="plugins")
app.add_typer(keys_app, name="keys")
keys_app.callback(invoke_without_command=True)(_help_when_bare)
app.command("backup")(backup)
app.command("restore")(restore)


def _register_extensions() -> None:
    """Commands of other distributions (e.g. ``up`` and ``token`` from the services), found by
    the entry-point group ``safecase.cli``: each names a ``register(app)`` function."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="safecase.cli"):
        entry.load()(app)


_register_extensions()


def fail(message: str) -> None:
    error_line(message)
    raise typer.Exit(2)


@app.command()
def demo(
    ctx: typer.Context,
    plugin: Annotated[
        str, typer.Option(help="Organisation plugin whose rules the demo follows.")
    ] = "scotland",
    directory: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Run the demo persisted in this new data directory (default: in memory).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the steps as JSON.")] = False,
) -> None:
    """Walk one case from disclosure to sanction in force, showing refused steps and their rules."""
    from safecase.core.demo import DemoStep, run_demo
    from safecase.core.testing.clock import Clock
    from safecase.core.testing.scenario import Scenario

    if plugin not in available_plugins():
        fail(f"no plugin named {plugin!r}; installed: {', '.join(sorted(available_plugins()))}")

    def show(step: DemoStep) -> None:
        if as_json:
            return
        if step.refused:
            console.print(f"{step.number:>2}. [yellow]REFUSED[/yellow] {step.title}")
            console.print(
                f"    {step.role} {step.command} -> [bold]{step.outcome}[/bold]: {step.detail}"
            )
        else:
            console.print(f"{step.number:>2}. [green]ok[/green] {step.title}")
            console.print(
                f"    {step.role} {step.command} -> {step.state}  [dim]{step.detail}[/dim]"
            )

    target = given_data_dir(ctx, directory)
    instance = None
    if target is not None:
        clock = Clock()
        instance = demo_instance(target, plugin, clock, Scenario.default_overrides(plugin, None))
    scenario, case, steps = run_demo(plugin, show, instance)
    broken = scenario.audit.verify()
    entries = len(scenario.audit)
    if as_json:
        print(
            json.dumps(
                {
                    "plugin": plugin,
                    "rule_set": scenario.rule_set.id,
                    "final_state": case.state.value,
                    "steps": [step.__dict__ for step in steps],
                    "audit_entries": entries,
                    "audit_chain_ok": broken is None,
                    "data_dir": str(target) if target is not None else None,
                    "case_id": case.id,
                },
                indent=2,
            )
        )
        return
    refused = [s for s in steps if s.refused]
    console.print()
    console.print(
        f"Rule set {scenario.rule_set.id}: case ended in [bold]{case.state.value}[/bold] after "
        f"{len(steps)} steps, {len(refused)} refused by: {', '.join(s.outcome for s in refused)}."
    )
    console.print(
        f"Audit log: {entries} entries, chain "
        + ("[green]intact[/green]" if broken is None else f"[red]broken at entry {broken}[/red]")
    )
    if target is not None:
        say(f"Stored in {target}; look at it with:")
        say(f"  safecase --data-dir {target} case show {case.id} --as DSL:{scenario.cast.dsl.id}")
        say(f"  safecase --data-dir {target} audit verify")


@plugins_app.command("list")
def plugins_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List installed plugins with their rule sets and unverified figures."""
    rows: list[dict[str, str]] = []
    for name in sorted(available_plugins()):
        try:
            rule_set = get_plugins(name).rule_set
            rows.append(
                {
                    "plugin": name,
                    "rule_set": rule_set.id,
                    "jurisdiction": rule_set.jurisdiction,
                    "unverified_figures": str(len(rule_set.unverified())),
                }
            )
        except SafecaseError as exc:
            rows.append({"plugin": name, "error": exc.message})
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table(
        ["plugin", "rule set", "jurisdiction", "unverified figures"],
        (
            [
                row["plugin"],
                row.get("rule_set", row.get("error")),
                row.get("jurisdiction", ""),
                row.get("unverified_figures", ""),
            ]
            for row in rows
        ),
    )


def main() -> None:
    """The ``safecase`` console script."""
    typer.main.get_command(app)(prog_name="safecase")
