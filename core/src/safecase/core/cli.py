"""The ``safecase`` command line: the guided demo and plugin listing.

Every error a user can cause prints one line and exits with status 2; no traceback and no
case content reaches the terminal.
"""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from rich.table import Table

from safecase.core.errors import SafecaseError
from safecase.core.plugins import available_plugins, get_plugins

app = typer.Typer(
    help="safecase: case management for safeguarding concerns in sport.", no_args_is_help=True
)
plugins_app = typer.Typer(
    help="Installed organisation and jurisdiction plugins.", no_args_is_help=True
)
app.add_typer(plugins_app, name="plugins")
console = Console()
errors = Console(stderr=True)


def fail(message: str) -> None:
    errors.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(2)


@app.command()
def demo(
    plugin: str = typer.Option(
        "scotland", help="Organisation plugin whose rules the demo follows."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the steps as JSON."),
) -> None:
    """Walk one case from disclosure to sanction in force, showing refused steps and their rules."""
    from safecase.core.demo import DemoStep, run_demo

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

    scenario, case, steps = run_demo(plugin, show)
    broken = scenario.audit.verify()
    if as_json:
        print(
            json.dumps(
                {
                    "plugin": plugin,
                    "rule_set": scenario.rule_set.id,
                    "final_state": case.state.value,
                    "steps": [step.__dict__ for step in steps],
                    "audit_entries": len(scenario.audit),
                    "audit_chain_ok": broken is None,
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
        f"Audit log: {len(scenario.audit)} entries, chain "
        + ("[green]intact[/green]" if broken is None else f"[red]broken at entry {broken}[/red]")
    )


@plugins_app.command("list")
def plugins_list(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
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
    table = Table("plugin", "rule set", "jurisdiction", "unverified figures")
    for row in rows:
        table.add_row(
            row["plugin"],
            str(row.get("rule_set", row.get("error"))),
            str(row.get("jurisdiction", "")),
            str(row.get("unverified_figures", "")),
        )
    console.print(table)


def main() -> None:
    try:
        app()
    except SafecaseError as exc:
        errors.print(f"[red]error:[/red] {exc.message}", highlight=False)
        sys.exit(2)
